using System.Security.Claims;
using Counterpart.Accounts;
using Counterpart.Data;
using Counterpart.Pairings;
using Microsoft.EntityFrameworkCore;

namespace Counterpart.Web.Shell;

/// <summary>A pairing the account may read, as the selector shows it.</summary>
internal sealed record PairingChoice(string Spec, string Label, string EastCode, string WestCode);

/// <summary>
/// The pairing and the years the user is looking at, chosen once in the header and used by every page of the session
/// (one instance per circuit). The default is the first pairing the account can read and the years 2021–2025 (the 14th
/// five-year period, which the reference data covers).
/// </summary>
internal sealed class WorkSelection(IServiceScopeFactory scopes)
{
    public const int DefaultFrom = 2021;
    public const int DefaultTo = 2025;

    public IReadOnlyList<PairingChoice> Pairings { get; private set; } = [];

    public string? Pairing { get; private set; }

    public int FromYear { get; private set; } = DefaultFrom;

    public int ToYear { get; private set; } = DefaultTo;

    public bool Loaded { get; private set; }

    public event Action? Changed;

    public PairingChoice? Current => Pairings.FirstOrDefault(p => p.Spec == Pairing);

    /// <summary>Loads the pairings the account may read (once per circuit).</summary>
    public async Task LoadAsync(ClaimsPrincipal user, CancellationToken ct = default)
    {
        if (Loaded)
        {
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CounterpartDbContext>();
        var rows = await db.Rows<Pairing>(user.ReadScope())
            .Select(p => new { East = p.EastOrg!.Code, EastName = p.EastOrg.Name, West = p.WestOrg!.Code, WestName = p.WestOrg.Name, p.Kind })
            .ToListAsync(ct);
        Pairings = [.. rows.OrderBy(p => p.Kind).ThenBy(p => p.West, StringComparer.Ordinal)
            .Select(p => new PairingChoice($"{p.East}:{p.West}", $"{p.EastName} → {p.WestName}", p.East, p.West))
            .DistinctBy(p => p.Spec)];
        Pairing ??= Pairings.Count > 0 ? Pairings[0].Spec : null;
        Loaded = true;
    }

    public void Set(string? pairing, int fromYear, int toYear)
    {
        (Pairing, FromYear, ToYear) = (pairing ?? Pairing, Math.Min(fromYear, toYear), Math.Max(fromYear, toYear));
        Changed?.Invoke();
    }
}
