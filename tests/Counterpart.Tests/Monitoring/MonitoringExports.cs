using System.Text;
using Counterpart.Data;
using Counterpart.Labor;
using Counterpart.People;
using Counterpart.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using SpreadCheetah;

namespace Counterpart.Tests.Monitoring;

/// <summary>A person of the reference registry with the ID number decrypted, to build monitoring-system exports from.</summary>
internal sealed record RegistryPerson(long Id, string IdNumber, string Name, Gender Gender, HouseholdType Type, string Village, string Town);

/// <summary>One member row of an export, as the national monitoring system writes it (every cell text).</summary>
internal sealed record ExportRow(string Id, string Name, string Gender, string HouseholdNo, string Type, string Lifted, string MonitorType, string Monitored, string Risk,
    string Village = "某村", string Town = "某镇");

/// <summary>Exports of 防返贫监测信息系统 built from the reference registry: exactly as we hold it, then with planted differences.</summary>
internal static class MonitoringExports
{
    public static readonly string[] MemberHeader =
        ["县", "乡镇", "村", "户编号", "姓名", "性别", "证件号码", "与户主关系", "民族", "户类型", "是否脱贫户", "监测对象类型", "是否监测对象", "风险是否已消除"];

    public static async Task<List<RegistryPerson>> RegistryAsync(CounterpartDbContext ctx, CancellationToken ct)
    {
        var rows = await ctx.Rows<Person>(Scope.Everything).OrderBy(p => p.Id)
            .Select(p => new { p.Id, p.IdNumber.Cipher, p.Name, p.Gender, p.HouseholdType, Village = p.Home!.Name, Town = p.Home.Parent!.Name })
            .ToListAsync(ct);
        return [.. rows.Select(r => new RegistryPerson(r.Id, ReferenceDatabases.Protector.Decrypt(r.Cipher), r.Name, r.Gender, r.HouseholdType, r.Village, r.Town))];
    }

    public static string GenderText(Gender g) => g == Gender.Male ? "男" : "女";

    /// <summary>
    /// The row the national system would have for a person as we hold them: 脱贫户 (every seventh also a 脱贫不稳定户 监测对象),
    /// or a 监测对象 of a household never poor (户类型 一般农户 with 边缘易致贫户 or 突发严重困难户). 一般农户 are not in the export.
    /// </summary>
    public static ExportRow Exact(RegistryPerson p) => p.Type switch
    {
        HouseholdType.Lifted => new(p.IdNumber, p.Name, GenderText(p.Gender), "H" + p.Id, "脱贫户", "是", p.Id % 7 == 0 ? "脱贫不稳定户" : "", p.Id % 7 == 0 ? "是" : "否", "否",
            p.Village, p.Town),
        HouseholdType.Monitored => new(p.IdNumber, p.Name, GenderText(p.Gender), "H" + p.Id, "一般农户", "否", p.Id % 2 == 0 ? "边缘易致贫户" : "突发严重困难户", "是", "否",
            p.Village, p.Town),
        _ => throw new ArgumentException("一般农户 are not in the monitoring system's export.", nameof(p)),
    };

    public static List<ExportRow> ExactRows(IEnumerable<RegistryPerson> registry) => [.. registry.Where(p => p.Type != HouseholdType.General).Select(Exact)];

    /// <summary>One CSV of member rows with the household columns repeated, as Chinese Excel saves it (GBK).</summary>
    public static byte[] Csv(IEnumerable<ExportRow> rows)
    {
        var text = new StringBuilder(string.Join(",", MemberHeader)).Append("\r\n");
        foreach (var r in rows)
        {
            text.Append(string.Join(",", "独山县", r.Town, r.Village, r.HouseholdNo, r.Name, r.Gender, r.Id, "户主", "汉族", r.Type, r.Lifted, r.MonitorType, r.Monitored, r.Risk))
                .Append("\r\n");
        }

        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding("GBK").GetBytes(text.ToString());
    }

    /// <summary>
    /// A workbook of two sheets as the system exports them: households (户编号, the head's name and number, the status
    /// columns), then members under a title row (户编号, name, gender, number, 与户主关系 …), joined by 户编号.
    /// </summary>
    /// <param name="membersSheet">The members sheet's name.</param>
    /// <param name="relation">Whether the members sheet has 与户主关系 (without it and under a neutral name, it is told from
    /// the households sheet by having no status columns).</param>
    public static async Task<byte[]> TwoSheetWorkbookAsync(IEnumerable<ExportRow> rows, CancellationToken ct, string membersSheet = "家庭成员", bool relation = true)
    {
        var list = rows.ToList();
        using var output = new MemoryStream();
        await using (var book = await Spreadsheet.CreateNewAsync(output, cancellationToken: ct))
        {
            await book.StartWorksheetAsync("户信息", token: ct);
            await book.AddRowAsync(Cells("户编号", "户主姓名", "证件号码", "县", "乡镇", "村", "户类型", "是否脱贫户", "监测对象类型", "是否监测对象", "风险是否已消除", "家庭人口数"), ct);
            foreach (var r in list)
            {
                await book.AddRowAsync(Cells(r.HouseholdNo, r.Name, r.Id, "独山县", r.Town, r.Village, r.Type, r.Lifted, r.MonitorType, r.Monitored, r.Risk, "1"), ct);
            }

            await book.StartWorksheetAsync(membersSheet, token: ct);
            await book.AddRowAsync(Cells("独山县家庭成员信息（导出日期：2025-12-01）"), ct);
            await book.AddRowAsync(Cells("户编号", "姓名", "性别", "证件号码", relation ? "与户主关系" : "民族", "民族", "文化程度", "务工时长(月)"), ct);
            foreach (var r in list)
            {
                await book.AddRowAsync(Cells(r.HouseholdNo, r.Name, r.Gender, r.Id, relation ? "户主" : "汉族", "汉族", "初中", "6"), ct);
            }

            await book.FinishAsync(ct);
        }

        return output.ToArray();
    }

    private static Cell[] Cells(params string[] values) => [.. values.Select(v => new Cell(v))];

    /// <summary>An 18-digit number as the old 15-digit card wrote it (the century and the check character dropped).</summary>
    public static string As15Digits(string id18) => string.Concat(id18.AsSpan(0, 6), id18.AsSpan(8, 9));
}
