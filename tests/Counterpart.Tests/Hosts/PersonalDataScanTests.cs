using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using Counterpart.Accounts;
using Counterpart.Data;
using Counterpart.Ledgers;
using Counterpart.People;
using Counterpart.Tests.Infrastructure;

namespace Counterpart.Tests.Hosts;

/// <summary>
/// Every API answer and every export a non-privileged account can fetch, on the reference data (tens of thousands of
/// persons), scanned for a valid resident ID number in the clear: there must be none.
/// </summary>
public sealed partial class PersonalDataScanTests(ReferenceDatabases databases)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [GeneratedRegex(@"(?<![0-9])[0-9]{17}[0-9Xx](?![0-9])")]
    internal static partial Regex IdLike();

    [Theory]
    [InlineData(Roles.Clerk)]
    [InlineData(Roles.Reviewer)]
    [InlineData(Roles.Viewer)]
    public async Task EveryAnswerAndExport_OfANonPrivilegedRole_HoldsNoValidIdNumberInTheClear(string role)
    {
        await using var app = WebHostTests.Factory(await databases.GetAsync(DatabaseProvider.Sqlite));
        using var client = await WebHostTests.SignedInClientAsync(app, role, "522726");
        var paths = new List<string>
        {
            "/", "/account", "/api/v1/summary?pairing=440112:522726", "/api/v1/summary?org=522726", "/api/v1/indicators", "/api/v1/ledgers", "/api/v1/tokens",
        };
        foreach (var ledger in LedgerCatalog.All)
        {
            paths.Add($"/api/v1/exports/{ledger.Name}?format=csv");
            paths.Add($"/api/v1/exports/{ledger.Name}?format=xlsx");
            paths.Add($"/api/v1/templates/{ledger.Name}?format=csv");
        }

        // The templates' example rows carry a made-up ID number (valid, so that the example passes a dry run): not personal data.
        var examples = LedgerCatalog.All.SelectMany(l => l.Columns).Select(c => c.Example).Where(e => e is not null).ToHashSet(StringComparer.Ordinal);
        var found = new List<string>();
        var scannedBytes = 0L;
        foreach (var path in paths)
        {
            HttpResponseMessage response;
            try
            {
                response = await client.GetAsync(new Uri(path, UriKind.Relative), Ct);
            }
            catch (HttpRequestException e)
            {
                throw new InvalidOperationException(path, e);
            }

            Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode}");
            var bytes = await response.Content.ReadAsByteArrayAsync(Ct);
            scannedBytes += bytes.Length;
            foreach (var text in Texts(bytes))
            {
                found.AddRange(IdLike().Matches(text).Select(m => m.Value).Where(v => ResidentId.Parse(v).IsValid && !examples.Contains(v)).Select(v => $"{path}: {v}"));
            }
        }

        Assert.Empty(found);
        Assert.True(scannedBytes > 1_000_000, $"only {scannedBytes} bytes scanned");
    }

    /// <summary>The valid resident ID numbers in the clear in a response (its text, or every part of an .xlsx package).</summary>
    internal static IEnumerable<string> ValidIdNumbers(byte[] bytes) =>
        Texts(bytes).SelectMany(text => IdLike().Matches(text).Select(m => m.Value)).Where(v => ResidentId.Parse(v).IsValid);

    /// <summary>The text of a response: itself, or every part of an .xlsx package.</summary>
    internal static IEnumerable<string> Texts(byte[] bytes)
    {
        if (bytes.Length > 4 && bytes[0] == 'P' && bytes[1] == 'K')
        {
            using var zip = new ZipArchive(new MemoryStream(bytes));
            foreach (var entry in zip.Entries)
            {
                using var reader = new StreamReader(entry.Open(), Encoding.UTF8);
                yield return reader.ReadToEnd();
            }

            yield break;
        }

        yield return Encoding.UTF8.GetString(bytes);
    }
}
