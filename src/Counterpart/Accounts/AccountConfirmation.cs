using Microsoft.AspNetCore.Identity;

namespace Counterpart.Accounts;

/// <summary>A disabled account is "not allowed" to sign in; the security-stamp check ends its open sessions the same way.</summary>
internal sealed class AccountConfirmation : IUserConfirmation<Account>
{
    public Task<bool> IsConfirmedAsync(UserManager<Account> manager, Account user) => Task.FromResult(!user.Disabled);
}
