using Counterpart.Data;
using Microsoft.EntityFrameworkCore.Design;

namespace Counterpart.Migrations.Postgres;

/// <summary>Lets `dotnet ef migrations add X --project src/Counterpart.Migrations.Postgres` build the model; never opens the database.</summary>
internal sealed class DesignTimeFactory : IDesignTimeDbContextFactory<CounterpartDbContext>
{
    public CounterpartDbContext CreateDbContext(string[] args) =>
        new(new DatabaseSettings(DatabaseProvider.Postgres, "Host=localhost;Database=counterpart_design").BuildOptions());
}
