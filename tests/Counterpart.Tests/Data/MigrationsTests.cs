using Counterpart.Data;
using Counterpart.Organizations;
using Counterpart.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Counterpart.Tests.Data;

public sealed class MigrationsTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite, "Data Source=pending-check.db")]
    [InlineData(DatabaseProvider.Postgres, "Host=localhost;Database=pending_check")]
    public void Model_ComparedWithTheProvidersMigrations_HasNoPendingChanges(DatabaseProvider provider, string connectionString)
    {
        // Builds the model only; the connection is never opened.
        using var ctx = new CounterpartDbContext(new DatabaseSettings(provider, connectionString).BuildOptions());

        Assert.False(ctx.Database.HasPendingModelChanges(), $"Run `dotnet ef migrations add <Name> --project src/Counterpart.Migrations.{provider}`.");
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Migrate_EmptyDatabase_CreatesEveryLedgerTable(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var ctx = db.NewContext();
        var ct = TestContext.Current.CancellationToken;

        Assert.Empty(await ctx.Database.GetPendingMigrationsAsync(ct));
        Assert.Equal(0, await ctx.Organizations.CountAsync(ct));
        foreach (var type in CounterpartDbContext.LedgerTypes)
        {
            // Rows<T>(scope) for every ledger type runs against the real table.
            var rows = typeof(CounterpartDbContext).GetMethod(nameof(CounterpartDbContext.Rows))!.MakeGenericMethod(type).Invoke(ctx, [Scope.Of(new Organization { Code = "x", Name = "x", Path = "/1/" })]);
            Assert.Empty(await ((IQueryable<object>)rows!).Take(1).ToListAsync(ct));
        }
    }
}
