using System.Security.Claims;
using Counterpart.Accounts;
using Counterpart.Data;

namespace Counterpart.Web.Shell;

/// <summary>The browser a circuit serves: its address, for the audit trail of the writes made from the pages.</summary>
public sealed record Client(string? Address)
{
    public WriteContext Writer(ClaimsPrincipal user) => user.Writer(Address);
}
