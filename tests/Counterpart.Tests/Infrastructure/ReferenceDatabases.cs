using System.Collections.Concurrent;
using Counterpart.Data;
using Counterpart.People;
using Counterpart.ReferenceData;

[assembly: AssemblyFixture(typeof(Counterpart.Tests.Infrastructure.ReferenceDatabases))]

namespace Counterpart.Tests.Infrastructure;

/// <summary>
/// The reference dataset loaded once per provider for the whole run (loading takes seconds); tests only read it.
/// </summary>
public sealed class ReferenceDatabases : IAsyncDisposable
{
    private readonly ConcurrentDictionary<DatabaseProvider, Lazy<Task<TestDatabase>>> databases = new();

    /// <summary>A fixed key, so lookup hashes are the same in every run.</summary>
    public static readonly byte[] TestKey = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];

    public static PersonalDataProtector Protector { get; } = new(TestKey);

    public Task<TestDatabase> GetAsync(DatabaseProvider provider) =>
        databases.GetOrAdd(provider, p => new Lazy<Task<TestDatabase>>(() => LoadAsync(p))).Value;

    private static async Task<TestDatabase> LoadAsync(DatabaseProvider provider)
    {
        var db = await TestDatabase.CreateAsync(provider);
        await using var context = db.NewContext();
        await ReferenceDataset.LoadAsync(context, Protector);
        return db;
    }

    public async ValueTask DisposeAsync()
    {
        // A load that failed (or skipped) was reported by the tests that asked for it.
        foreach (var lazy in databases.Values.Where(l => l.IsValueCreated && l.Value.IsCompletedSuccessfully))
        {
            await (await lazy.Value).DisposeAsync();
        }
    }
}
