using Counterpart.Bench.National;
using Counterpart.Data;
using Counterpart.Indicators;
using Counterpart.Indicators.Facts;
using Counterpart.Labor;
using Counterpart.Organizations;
using Counterpart.Pairings;
using Counterpart.People;
using Counterpart.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Counterpart.Tests.ReferenceData;

/// <summary>
/// The national dataset generator (bench/Counterpart.Bench, `national generate`) at a small scale: the same seed gives the
/// same data, every figure computed from its rows equals the maintained facts, and its ID numbers are valid.
/// </summary>
public sealed class NationalGeneratorTests
{
    private const double Scale = 0.001;

    public static TheoryData<DatabaseProvider> Providers => Checkout.BothProviders;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Generate_SameSeedTwice_SameDataAndFactsEqualRows(DatabaseProvider provider)
    {
        var keyFile = Path.Combine(Path.GetTempPath(), "counterpart-tests", "national-" + Guid.NewGuid().ToString("N")[..8] + ".key");
        Directory.CreateDirectory(Path.GetDirectoryName(keyFile)!);
        await File.WriteAllTextAsync(keyFile, Convert.ToBase64String(ReferenceDatabases.TestKey), Ct);
        await using var first = await TestDatabase.CreateAsync(provider, migrate: false);
        await using var second = await TestDatabase.CreateAsync(provider, migrate: false);

        // VerifyAll: the generator itself checks every fact against every row (summary --verify) and a sample of figures.
        var report = await NationalGenerator.RunAsync(new NationalOptions(Scale, 7, first.Settings, keyFile) { VerifyAll = true }, TextWriter.Null, Ct);
        await NationalGenerator.RunAsync(new NationalOptions(Scale, 7, second.Settings, keyFile), TextWriter.Null, Ct);
        Assert.Equal(10_000, report.Rows["Persons"]);
        Assert.Equal(3_500, report.Rows["Employments"]);
        Assert.Equal(1_000, report.Rows["TrainingAttendances"]);
        Assert.Equal(60, report.Rows["Projects"]);
        Assert.Equal(1_000, report.Rows["Sales"]);
        Assert.Contains(report.Checks, c => c.Contains("summary --verify", StringComparison.Ordinal));

        await using var a = first.NewContext();
        await using var b = second.NewContext();
        var digestA = await NationalDigest.ComputeAsync(a, ReferenceDatabases.Protector, Ct);
        var digestB = await NationalDigest.ComputeAsync(b, ReferenceDatabases.Protector, Ct);
        Assert.Equal(digestA, digestB);

        // Facts = rows, independently of the generator's own check: every fact, and every figure of the national roll-up,
        // each province and each county pairing.
        Assert.Empty(await FactMaintainer.VerifyAsync(a, Ct));
        var service = Services.Indicators(a);
        var nation = await OrganizationTree.ResolveAsync(a, "100000", Ct);
        var selections = new List<Selection> { Selection.ForOrganization(nation) };
        selections.AddRange((await a.Organizations.AsNoTracking().Where(o => o.Kind == OrgKind.Province).ToListAsync(Ct)).Select(Selection.ForOrganization));
        var pairings = await a.Rows<Pairing>(Scope.Everything).Where(p => p.Kind == PairingKind.DistrictCounty).Select(p => new { p.EastOrg, p.WestOrg }).ToListAsync(Ct);
        selections.AddRange(pairings.Select(p => Selection.ForPairing(p.EastOrg!, p.WestOrg!)));
        foreach (var selection in selections)
        {
            var facts = await service.ComputeAsync(selection, "", 2021, 2025, Scope.Everything, IndicatorSource.Auto, Ct);
            var rows = await service.ComputeAsync(selection, "", 2021, 2025, Scope.Everything, IndicatorSource.Rows, Ct);
            Assert.True(facts.UsedFacts);
            Assert.Empty(FigureComparison.Differences(facts, rows));
        }

        // Every indicator of the catalog has data nationally.
        var national = await service.ComputeAsync(Selection.ForOrganization(nation), "", 2021, 2025, Scope.Everything, IndicatorSource.Auto, Ct);
        Assert.All(national.Results, r => Assert.True(r.Measure.Total > 0, r.Indicator.Code));

        // ID numbers decrypt to valid resident IDs (GB 11643) of the county the person is registered in.
        var persons = await a.Rows<Person>(Scope.Everything).OrderBy(p => p.Id).Take(500)
            .Select(p => new { p.IdNumber.Cipher, p.IdNumber.Hash, CountyCode = p.Owner!.Code }).ToListAsync(Ct);
        Assert.NotEmpty(persons);
        foreach (var p in persons)
        {
            var id = ReferenceDatabases.Protector.Decrypt(p.Cipher);
            Assert.True(ResidentId.Parse(id).IsValid, id);
            Assert.StartsWith(p.CountyCode, id, StringComparison.Ordinal);
            Assert.Equal(ReferenceDatabases.Protector.Hash(id), p.Hash);
        }
    }
}
