using Counterpart.Data;
using Counterpart.Inspections;
using Counterpart.Organizations;
using Counterpart.People;
using Microsoft.EntityFrameworkCore;

namespace Counterpart.ReferenceData;

/// <summary>
/// The reference dataset: record-level ledgers for 广州市黄埔区 → 黔南州独山县, 2021–2025, from which every figure of
/// the founding report comes out through the indicator catalog. Distributions over years, towns, units and people
/// are invented (and deterministic); only the report's totals and named facts are given. People are synthetic:
/// invented names and checksum-valid ID numbers.
/// </summary>
public sealed partial class ReferenceDataset
{
    public const string EastCode = "440112";
    public const string WestCode = "522726";
    public const int Seed = 20210101;

    private readonly Synthetic s = new(Seed);
    private readonly PersonalDataProtector protector;
    private readonly List<Organization> orgs = [];
    private readonly Dictionary<string, Organization> byKey = new(StringComparer.Ordinal);
    private readonly List<object> rows = [];

    private ReferenceDataset(PersonalDataProtector protector) => this.protector = protector;

    /// <summary>Loads the dataset into an empty database; does nothing when organizations already exist.</summary>
    public static async Task<bool> LoadIfEmptyAsync(CounterpartDbContext db, PersonalDataProtector protector, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (await db.Organizations.AnyAsync(ct))
        {
            return false;
        }

        await LoadAsync(db, protector, ct);
        return true;
    }

    public static async Task LoadAsync(CounterpartDbContext db, PersonalDataProtector protector, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        await BuiltInChecklists.EnsureAsync(db, ct);
        var data = new ReferenceDataset(protector);
        data.BuildOrganizations();
        var writer = new LedgerWriter(db);
        var autoDetect = db.ChangeTracker.AutoDetectChangesEnabled;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            // Audited as one event: tens of thousands of generated rows need no entry each.
            await writer.WriteAsync(WriteContext.System("reference-data") with { AuditEachRow = false }, async (d, c) =>
            {
                // Ids first, then the materialized paths that depend on them.
                d.AddRange(data.orgs);
                d.ChangeTracker.DetectChanges();
                await d.SaveChangesAsync(c);
                // Parents are created before their children, so creation order is top-down.
                foreach (var org in data.orgs)
                {
                    OrganizationTree.AssignPath(org, org.Parent);
                }

                d.ChangeTracker.DetectChanges();
                await d.SaveChangesAsync(c);

                data.BuildLedgers(await d.TrackedChecklists.SingleAsync(c => c.Code == SafetyChecklist.Code, c));
                d.AddRange(data.rows);
                d.ChangeTracker.DetectChanges();
                Audit.AuditTrail.Add(d, Audit.AuditAction.Seeded, detail: string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"载入参考数据（黄埔区—独山县 2021—2025）：{data.orgs.Count} 个组织，{data.rows.Count} 条台账记录"));
            }, ct);
        }
        finally
        {
            db.ChangeTracker.AutoDetectChangesEnabled = autoDetect;
            db.ChangeTracker.Clear();
        }
    }

    private void BuildLedgers(Checklist checklist)
    {
        BuildPairings();
        BuildProjects();
        BuildInvestment();
        BuildConsumption();
        BuildLabor();
        BuildTrainings();
        BuildTalent();
        BuildDonations();
        BuildHonorsAndCases();
        BuildNeedsAndOffers();
        BuildEvaluation(checklist);
    }

    private Organization Org(string key) => byKey[key];

    private Organization East => Org(EastCode);

    private Organization West => Org(WestCode);
}
