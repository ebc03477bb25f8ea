using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Counterpart.Accounts;
using Counterpart.Data;
using Counterpart.Ledgers.Files;
using Counterpart.Tests.Infrastructure;

namespace Counterpart.Tests.Hosts;

/// <summary>The import API over the reference database (dry runs only: the shared database is never changed).</summary>
public sealed class ImportApiTests(ReferenceDatabases databases)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static MultipartFormDataContent Upload(byte[] bytes, string name)
    {
        var content = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        content.Add(file, "file", name);
        return content;
    }

    [Fact]
    public async Task PostImport_TemplateSavedByLibreOffice_DryRunReportsOneInsertAndSavesNothing()
    {
        await using var app = WebHostTests.Factory(await databases.GetAsync(DatabaseProvider.Sqlite));
        using var client = await WebHostTests.SignedInClientAsync(app, Roles.Clerk);
        var bytes = await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "Fixtures", "libreoffice-labor-template.xlsx"), Ct);

        using var upload = Upload(bytes, "劳务台账.xlsx");
        var response = await client.PostAsync(new Uri("/api/v1/imports?ledger=labor&dryRun=true", UriKind.Relative), upload, Ct);
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(("Validated", 1, 1), (json["status"]!.GetValue<string>(), json["rowsRead"]!.GetValue<int>(), json["inserted"]!.GetValue<int>()));
        Assert.Null(json["batchId"]);
    }

    [Fact]
    public async Task PostImport_BadRow_Returns422WithTheRowColumnValueAndReasonInChinese()
    {
        await using var app = WebHostTests.Factory(await databases.GetAsync(DatabaseProvider.Sqlite));
        using var client = await WebHostTests.SignedInClientAsync(app, Roles.Clerk);
        var csv = "姓名,身份证号,户籍村（社区）,户类型,就业去向,就业起始日期,填报单位\n王五,5.22726E+17,郅家山社区,脱贫户,到东部,2023-5-1,522726\n";

        using var upload = Upload(System.Text.Encoding.UTF8.GetBytes(csv), "坏文件.csv");
        var response = await client.PostAsync(new Uri("/api/v1/imports?ledger=labor", UriKind.Relative), upload, Ct);
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!;

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var error = json["errors"]!.AsArray().Single()!;
        Assert.Equal((2, "身份证号"), (error["row"]!.GetValue<int>(), error["column"]!.GetValue<string>()));
        Assert.Contains("科学计数法", error["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("身份证号错误", json["errorGroups"]![0]!["kind"]!.GetValue<string>());
    }

    [Fact]
    public async Task PostImport_UnknownLedger_IsABadRequestNamingTheLedgers()
    {
        await using var app = WebHostTests.Factory(await databases.GetAsync(DatabaseProvider.Sqlite));
        using var client = await WebHostTests.SignedInClientAsync(app, Roles.Clerk);

        using var upload = Upload([1, 2, 3], "a.csv");
        var response = await client.PostAsync(new Uri("/api/v1/imports?ledger=nope", UriKind.Relative), upload, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("labor", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("xlsx")]
    [InlineData("csv")]
    public async Task GetTemplate_Labor_HasEveryColumnHeaderAndAnExampleRow(string format)
    {
        await using var app = WebHostTests.Factory(await databases.GetAsync(DatabaseProvider.Sqlite));
        using var client = await WebHostTests.SignedInClientAsync(app, Roles.Clerk);

        var bytes = await client.GetByteArrayAsync(new Uri($"/api/v1/templates/labor?format={format}", UriKind.Relative), Ct);
        using var reader = TableFile.Open(new MemoryStream(bytes), "t." + format);

        Assert.Equal(new Counterpart.Ledgers.LaborLedger().Columns.Select(c => Counterpart.Ledgers.CellParsers.Normalize(c.Header)), reader.Header);
        Assert.Single(reader.Rows());
    }
}

/// <summary>The rejected file given back as the user's own workbook with its errors marked.</summary>
public sealed class ErrorWorkbookTests(ReferenceDatabases databases)
{
    [Fact]
    public async Task PostImport_RejectedWithFormatXlsx_ReturnsTheRowsWithBadCellsHighlightedAndAnErrorColumn()
    {
        await using var app = WebHostTests.Factory(await databases.GetAsync(DatabaseProvider.Sqlite));
        using var client = await WebHostTests.SignedInClientAsync(app, Roles.Clerk);
        var csv = "姓名,身份证号,户籍村（社区）,户类型,就业去向,就业起始日期,填报单位\n"
            + "王五,5.22726E+17,郅家山社区,脱贫户,到东部,2023-5-1,522726\n"
            + "赵六,522726199001011235,郅家山社区,贫困户,到东部,2023-5-1,522726\n";
        using var content = new MultipartFormDataContent();
        var file = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(csv));
        content.Add(file, "file", "就业.csv");

        var response = await client.PostAsync(new Uri("/api/v1/imports?ledger=labor&format=xlsx", UriKind.Relative), content, TestContext.Current.CancellationToken);
        var bytes = await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        using (var reader = TableFile.Open(new MemoryStream(bytes), "errors.xlsx"))
        {
            Assert.Equal("错误说明", reader.Header[^1]);
            var rows = reader.Rows().ToList();
            Assert.Equal(2, rows.Count);
            Assert.Contains("身份证号：", rows[0].Cell(7), StringComparison.Ordinal);
            Assert.Contains("户类型：只能填", rows[1].Cell(7), StringComparison.Ordinal);
            Assert.Equal("赵六", rows[1].Cell(0));
        }

        using var zip = new System.IO.Compression.ZipArchive(new MemoryStream(bytes));
        using var styles = new StreamReader(zip.GetEntry("xl/styles.xml")!.Open());
        Assert.Contains("FFC7CE", await styles.ReadToEndAsync(TestContext.Current.CancellationToken), StringComparison.OrdinalIgnoreCase);
    }
}
