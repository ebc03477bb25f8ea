using Counterpart.Data;

namespace Counterpart.Tests.Infrastructure;

/// <summary>Where the tests run from, and the providers every database test runs on.</summary>
public static class Checkout
{
    /// <summary>The repository root (the folder holding Counterpart.slnx), found the way the hosts find their data folder.</summary>
    public static string Root { get; } = Path.GetDirectoryName(DataPaths.Directory(null, AppContext.BaseDirectory))!;

    public static TheoryData<DatabaseProvider> BothProviders => [DatabaseProvider.Sqlite, DatabaseProvider.Postgres];
}
