using Counterpart.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;

namespace Counterpart.Accounts;

/// <summary>
/// Identity's EF stores, but without saving on their own: every account change is saved by the write it happens in
/// (<see cref="LedgerWriter"/>), with its audit entry, in one transaction — a failed sign-in's counter included.
/// </summary>
internal sealed class AccountStore : UserStore<Account, IdentityRole<long>, CounterpartDbContext, long>
{
    public AccountStore(CounterpartDbContext db, IdentityErrorDescriber? describer = null)
        : base(db, describer) => AutoSaveChanges = false;
}

internal sealed class AccountRoleStore : RoleStore<IdentityRole<long>, CounterpartDbContext, long>
{
    public AccountRoleStore(CounterpartDbContext db, IdentityErrorDescriber? describer = null)
        : base(db, describer) => AutoSaveChanges = false;
}

/// <summary>A disabled account is "not allowed" to sign in; the security-stamp check ends its open sessions the same way.</summary>
internal sealed class AccountConfirmation : IUserConfirmation<Account>
{
    public Task<bool> IsConfirmedAsync(UserManager<Account> manager, Account user) => Task.FromResult(!user.Disabled);
}
