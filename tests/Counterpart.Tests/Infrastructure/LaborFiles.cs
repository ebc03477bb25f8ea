using System.Net.Http.Headers;
using System.Text;
using Counterpart.People;
using Counterpart.Tests.Ledgers;

namespace Counterpart.Tests.Infrastructure;

/// <summary>Small labor files as a clerk uploads them, for the host tests of scope, locks, review and exports.</summary>
internal static class LaborFiles
{
    /// <summary>
    /// Three persons of 独山县 (distinct for each <paramref name="seed"/>), each with a job from March of <paramref name="year"/>;
    /// with phone numbers <paramref name="phonePrefix"/>0, …1, …2 when given (ten digits).
    /// </summary>
    public static string Jobs(int year, int seed, int wage = 3000, string? phonePrefix = null)
    {
        var text = new StringBuilder(LaborImportTests.Header).Append('\n');
        for (var p = 0; p < 3; p++)
        {
            var id = ResidentId.Create("522726", new DateOnly(1980 + seed, 1, 1).AddDays(p), 100 + (2 * p));
            text.Append(FormattableString.Invariant($"工人{seed}{p},{id},,{(phonePrefix is null ? "" : phonePrefix + p)},甲村,一般农户,到东部,440112,某厂,,{year}-03-01,,{wage},是,440112,522726\n"));
        }

        return text.ToString();
    }

    /// <summary>Uploads a labor CSV through the import API.</summary>
    public static async Task<HttpResponseMessage> ImportAsync(HttpClient client, string csv, CancellationToken ct)
    {
        using var content = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(csv));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        content.Add(file, "file", "就业.csv");
        return await client.PostAsync(new Uri("/api/v1/imports?ledger=labor", UriKind.Relative), content, ct);
    }
}
