using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Counterpart.Accounts;
using Counterpart.Audit;
using Counterpart.Data;
using Counterpart.Tests.Hosts;
using Counterpart.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Counterpart.Tests.Monitoring;

/// <summary>POST /api/v1/crosscheck/monitoring over the reference database (it changes nothing but the audit trail).</summary>
public sealed class MonitoringApiTests(ReferenceDatabases databases)
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

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string query, byte[] bytes, string name)
    {
        using var upload = Upload(bytes, name);
        return await client.PostAsync(new Uri("/api/v1/crosscheck/monitoring" + query, UriKind.Relative), upload, Ct);
    }

    [Fact]
    public async Task Post_PlantedExport_JsonAndWorkbookHoldNoFullIdNumber_AndTheRunIsAuditedByItsCounts()
    {
        var db = await databases.GetAsync(DatabaseProvider.Sqlite);
        MonitoringCrossCheckTests.Planted planted;
        await using (var ctx = db.NewContext())
        {
            planted = await MonitoringCrossCheckTests.PlantAsync(ctx);
        }

        await using var app = WebHostTests.Factory(db);
        using var clerk = await WebHostTests.SignedInClientAsync(app, Roles.Clerk, "522726");
        using var eastViewer = await WebHostTests.SignedInClientAsync(app, Roles.Viewer, "440112");
        var name = $"监测对象-{Guid.NewGuid():N}.csv";

        var json = await PostAsync(clerk, "", planted.File, name);
        var workbook = await PostAsync(clerk, "?format=xlsx&year=2024", planted.File, name);
        var east = await PostAsync(eastViewer, "", planted.File, name);

        Assert.Equal(HttpStatusCode.OK, json.StatusCode);
        var jsonBytes = await json.Content.ReadAsByteArrayAsync(Ct);
        var result = JsonNode.Parse(jsonBytes)!;
        Assert.Equal((6, 3, 1), ((int)result["mismatchCount"]!, (int)result["badRows"]!, (int)result["fileNotOurs"]!));
        Assert.Equal(3, (int)result["byKind"]!["HouseholdType"]!);
        Assert.All(result["mismatches"]!.AsArray(), m => Assert.NotEmpty(m!["employment"]!.AsArray()));
        Assert.Contains("独山县", (string?)result["coverageNote"], StringComparison.Ordinal);
        Assert.Null(result["fileOnly"]);

        Assert.Equal(HttpStatusCode.OK, workbook.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", workbook.Content.Headers.ContentType?.MediaType);
        var workbookBytes = await workbook.Content.ReadAsByteArrayAsync(Ct);
        var sheets = string.Join("\n", PersonalDataScanTests.Texts(workbookBytes));
        Assert.Contains("户类型不一致", sheets, StringComparison.Ordinal);
        Assert.Contains("监测系统有我方无", sheets, StringComparison.Ordinal);
        Assert.Contains(planted.LiftedToGeneral.IdNumber[..6] + "********", sheets, StringComparison.Ordinal);

        // No full ID number anywhere — neither ours nor the file's — in the answer or the workbook.
        Assert.Empty(PersonalDataScanTests.ValidIdNumbers(jsonBytes));
        Assert.Empty(PersonalDataScanTests.ValidIdNumbers(workbookBytes));

        // Another side's account reads none of 独山县's registry: nothing matches, nothing is judged missing.
        var other = JsonNode.Parse(await east.Content.ReadAsStringAsync(Ct))!;
        Assert.Equal((0, 0, 0), ((int)other["matched"]!, (int)other["mismatchCount"]!, (int)other["oursInScope"]!));
        Assert.Contains("没有劳务协作人员", (string?)other["notices"]![0], StringComparison.Ordinal);

        // Each run is one audit entry with the counts and the file's name, never a person's values.
        await using var check = db.NewContext();
        var entries = await check.AuditRecords.Where(a => a.Action == AuditAction.CrossChecked && a.Detail!.Contains(name)).ToListAsync(Ct);
        Assert.Equal(3, entries.Count);
        Assert.All(entries, e => Assert.Contains("对上", e.Detail, StringComparison.Ordinal));
        Assert.All(entries, e => Assert.DoesNotContain(planted.Renamed.Name, e.Detail!, StringComparison.Ordinal));
        Assert.All(entries, e => Assert.Empty(PersonalDataScanTests.ValidIdNumbers(Encoding.UTF8.GetBytes(e.Detail! + e.Before + e.After))));
    }

    [Theory]
    [InlineData("", "文件是空的")]
    [InlineData("\r\n\r\n", "没有表头行")]
    [InlineData("证件号码,姓名,户类型\r\n", "没有数据行")]
    [InlineData("王五,522726199001011235,脱贫户\r\n", "找不到“证件号码”列")]
    [InlineData("证件号码,姓名,民族\r\n522726199001011235,王五,汉族\r\n", "无法判断每个人是脱贫户还是监测户")]
    [InlineData("%PDF-1.4 not a table", "这不是表格文件")]
    public async Task Post_FileThatCannotBeChecked_Is400WithAChineseMessage(string content, string message)
    {
        await using var app = WebHostTests.Factory(await databases.GetAsync(DatabaseProvider.Sqlite));
        using var clerk = await WebHostTests.SignedInClientAsync(app, Roles.Clerk, "522726");

        var response = await PostAsync(clerk, "", Encoding.UTF8.GetBytes(content), "监测对象.csv");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!["title"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_ZipBomb_IsRefusedByTheImportsGuards()
    {
        await using var app = WebHostTests.Factory(await databases.GetAsync(DatabaseProvider.Sqlite));
        using var clerk = await WebHostTests.SignedInClientAsync(app, Roles.Clerk, "522726");
        using var bomb = new MemoryStream();
        using (var zip = new System.IO.Compression.ZipArchive(bomb, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            await using var sheet = await zip.CreateEntry("xl/worksheets/sheet1.xml", System.IO.Compression.CompressionLevel.SmallestSize).OpenAsync(Ct);
            var zeros = new byte[1 << 20];
            for (var i = 0; i < 64; i++)
            {
                await sheet.WriteAsync(zeros, Ct);
            }
        }

        var response = await PostAsync(clerk, "", bomb.ToArray(), "监测对象.xlsx");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("压缩炸弹", (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!["title"], StringComparison.Ordinal);
    }
}
