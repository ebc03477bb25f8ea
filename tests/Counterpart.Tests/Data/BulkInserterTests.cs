using Counterpart.Data;
using Counterpart.Labor;
using Counterpart.Ledgers;
using Counterpart.Tests.Infrastructure;
using Counterpart.Tests.Ledgers;
using Microsoft.EntityFrameworkCore;

namespace Counterpart.Tests.Data;

/// <summary>Rows inserted in bulk are stored exactly as SaveChanges stores them, and only inside a write.</summary>
public sealed class BulkInserterTests
{
    public static TheoryData<DatabaseProvider> Providers => Checkout.BothProviders;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Employment Job(TestTree t, long personId) => new()
    {
        PersonId = personId, StartDate = new DateOnly(2024, 2, 29), EndDate = null, Destination = EmploymentDestination.PublicWelfarePost, EmployerName = "某“厂”，甲',",
        WestOrgId = t.VillageA.Id, EastOrgId = t.Huangpu.Id, WorkPlaceCode = "", MonthlyIncome = 1234.5m, Organized = true, OwnerOrgId = t.Dushan.Id,
    };

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task BulkInsert_StoresEveryColumnAsSaveChangesDoes(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var ctx = db.NewContext();
        var t = await TestTree.CreateAsync(ctx);
        var person = new Person
        {
            Name = "甲", IdNumber = ReferenceDatabases.Protector.ProtectId(LaborImportTests.IdA), Gender = Counterpart.People.Gender.Male, BirthDate = new DateOnly(1990, 1, 1),
            HouseholdType = HouseholdType.Lifted, HomeOrgId = t.VillageA.Id, OwnerOrgId = t.Dushan.Id, RegisteredOn = new DateOnly(2026, 11, 30), PhoneCipher = [1, 2, 3],
        };
        var tracked = Job(t, 0);
        var bulk = Job(t, 0);
        await new LedgerWriter(ctx).WriteAsync(WriteContext.System("test"), async (d, c) =>
        {
            d.Add(person);
            await d.SaveChangesAsync(c);
            tracked.PersonId = bulk.PersonId = person.Id;
            d.Add(tracked);
            await d.SaveChangesAsync(c);
            await new ImportApplyContext(d, ReferenceDatabases.Protector, null!, new DateOnly(2026, 11, 30)).BulkInsertAsync([bulk], c);
        }, Ct);

        Assert.True(bulk.Id > tracked.Id);
        var columns = string.Join(" || '|' || ", ctx.Model.FindEntityType(typeof(Employment))!.GetProperties().Where(p => !p.IsPrimaryKey())
            .Select(p => $"COALESCE(CAST(\"{p.GetColumnName()}\" AS TEXT), 'NULL')"));
        var sql = "SELECT " + columns + " AS \"Value\" FROM \"Employments\" ORDER BY \"Id\"";
        var stored = await ctx.Database.SqlQueryRaw<string>(sql).ToListAsync(Ct);
        Assert.Equal(2, stored.Count);
        Assert.Equal(stored[0], stored[1]);
    }

    [Fact]
    public async Task BulkInsert_OutsideAWrite_IsRefused()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var ctx = db.NewContext();
        var t = await TestTree.CreateAsync(ctx);

        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            new ImportApplyContext(ctx, ReferenceDatabases.Protector, null!, new DateOnly(2026, 11, 30)).BulkInsertAsync([Job(t, 1)], Ct));
    }
}
