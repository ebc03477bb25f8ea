namespace Counterpart.Bench.National;

/// <summary>
/// How much the generator writes at a scale. At 1.0: 450 western counties, 10 million persons in the registry, 3.5
/// million employment records, 1 million training attendances, 60,000 projects, 1 million sales, 100,000 donations; talent,
/// guided investment, pairings, agreements and evaluation rounds per county. Below 1.0 the totals shrink linearly and
/// so does the number of counties (at least two), so that down to scale ≈ 0.005 a county holds what a county holds
/// nationally; below that the counties themselves get smaller.
/// </summary>
internal sealed record NationalVolumes(double Scale)
{
    public const long NationalPersons = 10_000_000;
    public const long NationalJobs = 3_500_000;
    public const long NationalAttendances = 1_000_000;
    public const long NationalProjects = 60_000;
    public const long NationalSales = 1_000_000;
    public const long NationalDonations = 100_000;

    public int Counties { get; } = Math.Clamp((int)Math.Round(NationalGeography.NationalCounties * Scale), 2, NationalGeography.NationalCounties);

    /// <summary>The share of a national county's small ledgers (talent, investment …) one county gets: 1 down to scale ≈ 0.005.</summary>
    public double CountyFactor => Math.Min(1.0, NationalGeography.NationalCounties * Scale / Counties);

    public long Total(long national) => (long)Math.Round(national * Scale);

    /// <summary>County <paramref name="county"/>'s part of a total: equal parts, the remainder to the first counties.</summary>
    public int Share(long national, int county)
    {
        var total = Total(national);
        return (int)(total / Counties + (county < total % Counties ? 1 : 0));
    }

    /// <summary>A per-county count of a small ledger, at least <paramref name="minimum"/>.</summary>
    public int Small(int nationalPerCounty, int minimum = 1) => Math.Max(minimum, (int)Math.Round(nationalPerCounty * CountyFactor));
}
