using Counterpart.Data;
using Microsoft.EntityFrameworkCore.Design;

namespace Counterpart.Migrations.Sqlite;

/// <summary>Lets `dotnet ef migrations add X --project src/Counterpart.Migrations.Sqlite` build the model; never opens the database.</summary>
internal sealed class DesignTimeFactory : IDesignTimeDbContextFactory<CounterpartDbContext>
{
    public CounterpartDbContext CreateDbContext(string[] args) =>
        new(new DatabaseSettings(DatabaseProvider.Sqlite, "Data Source=design-time.db").BuildOptions());
}
