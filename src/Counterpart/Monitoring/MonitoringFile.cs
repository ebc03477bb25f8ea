using Counterpart.Data;
using Counterpart.Ledgers;
using Counterpart.Ledgers.Files;
using Counterpart.People;

namespace Counterpart.Monitoring;

/// <summary>A row of the export that could not be read: where (sheet, row, column), what was there (ID numbers masked) and why.</summary>
public sealed record FileBadRow(string Sheet, int Row, string Column, string Value, string Reason, string Kind);

/// <summary>
/// One person of the export as the check keeps them: the lookup hash and masked form of the ID number (the number
/// itself is dropped once hashed), the name and gender as written, and the status derived from the row.
/// </summary>
internal sealed record FilePerson(string Hash, string Masked, string Sheet, int Row, string? Name, Gender? Gender, Gender IdGender, MonitoringStatus Status);

/// <summary>What was read from an export.</summary>
internal sealed class MonitoringFileContent
{
    public Dictionary<string, FilePerson> Persons { get; } = new(StringComparer.Ordinal);

    /// <summary>Hashes of valid ID numbers on rows that could not be read otherwise: these persons are in the file, status unknown.</summary>
    public HashSet<string> Unreadable { get; } = new(StringComparer.Ordinal);

    public List<FileBadRow> BadRows { get; } = [];

    public List<string> Notices { get; } = [];

    public List<string> Counties { get; } = [];

    public int RowsRead { get; set; }

    public int HouseholdRowsRead { get; set; }

    public string Layout { get; set; } = "";
}

/// <summary>
/// Reads an export of the national monitoring system with the import's readers (xlsx with the hostile-file guards, CSV in
/// UTF-8 or GBK) and its cell parsing (ID numbers: 15 → 18 digits, full-width, x/X, numbers damaged by Excel refused).
/// Layouts: one sheet (or a CSV) of member rows with the household columns repeated; or a workbook with a households sheet
/// and a members sheet joined by 户编号. The header may sit under a title row or two. Bad rows are reported and skipped.
/// </summary>
internal static class MonitoringFile
{
    private static readonly string[] MemberSheetNames = ["成员", "人口", "人员"];

    /// <summary>How far down a sheet the header row is looked for (under titles, notes and merged banners).</summary>
    private const int HeaderSearchRows = 10;

    /// <param name="file">A seekable stream (a workbook's sheets are read one after another).</param>
    public static MonitoringFileContent Read(Stream file, string fileName, PersonalDataProtector protector, OrgDirectory orgs, DateOnly today, FileLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(protector);
        if (!file.CanSeek)
        {
            throw new ArgumentException("The file must be seekable.", nameof(file));
        }

        limits ??= FileLimits.Default;
        var content = new MonitoringFileContent();
        try
        {
            using var first = TableFile.Open(file, fileName, limits);
            if (first is not XlsxReader xlsx || xlsx.VisibleSheets.Count == 1)
            {
                content.Layout = first is XlsxReader ? "一个工作表（成员行，户信息列重复）" : "CSV（成员行，户信息列重复）";
                var sheet = first is XlsxReader x ? x.VisibleSheets[0] : "";
                var (header, rows) = Locate(first, h => MonitoringColumns.HasColumn(h, "id_number"));
                ReadMembers(content, sheet, header, rows, null, protector, orgs, today);
                AddHiddenNotice(content, first as XlsxReader);
                return content;
            }

            ReadWorkbook(content, file, xlsx, limits, protector, orgs, today);
            return content;
        }
        catch (LedgerFileException e)
        {
            throw new DomainException(e.Message);
        }
    }

    private static void ReadWorkbook(MonitoringFileContent content, Stream file, XlsxReader first, FileLimits limits,
        PersonalDataProtector protector, OrgDirectory orgs, DateOnly today)
    {
        // Each visible sheet's header, to tell the members sheet (ID numbers, 与户主关系) from the households sheet (户编号 and
        // status); one sheet open at a time, since they share the stream.
        var sheets = first.VisibleSheets;
        AddHiddenNotice(content, first);
        var headers = new List<IReadOnlyList<string>> { Locate(first, IsAnyHeader).Header };
        first.Dispose();
        for (var i = 1; i < sheets.Count; i++)
        {
            using var reader = new XlsxReader(Rewound(file), limits, i);
            headers.Add(Locate(reader, IsAnyHeader).Header);
        }

        var withIds = Enumerable.Range(0, sheets.Count).Where(i => MonitoringColumns.HasColumn(headers[i], "id_number")).ToList();
        if (withIds.Count == 0)
        {
            throw new DomainException($"工作簿的工作表（{string.Join("、", sheets)}）中都找不到“证件号码”（或“身份证号”“身份证号码”）列，无法比对。");
        }

        // The members sheet: the one with 与户主关系; else one named for members; else one that is not a households sheet
        // (a households sheet carries the head's number too); else the first with numbers.
        bool HouseholdLike(int i) => MonitoringColumns.HasColumn(headers[i], "household_no") && MonitoringColumns.StatusKeys.Any(k => MonitoringColumns.HasColumn(headers[i], k));
        bool NamedForMembers(int i) => MemberSheetNames.Any(n => sheets[i].Contains(n, StringComparison.Ordinal));
        var members = First(withIds, i => MonitoringColumns.HasColumn(headers[i], "relation")) ?? First(withIds, NamedForMembers)
            ?? (withIds.Count > 1 ? First(withIds, i => !HouseholdLike(i)) : null) ?? withIds[0];
        var households = Enumerable.Range(0, sheets.Count).Where(i => i != members && HouseholdLike(i)).Cast<int?>().FirstOrDefault();
        if (households is { } h && !MonitoringColumns.HasColumn(headers[members], "household_no"))
        {
            throw new DomainException($"工作表“{sheets[h]}”像是户信息表，但成员表“{sheets[members]}”没有“户编号”列，无法把成员对到户；请在成员表中保留户编号，或把户类型等列放在成员表中。");
        }

        foreach (var unused in Enumerable.Range(0, sheets.Count).Where(i => i != members && i != households))
        {
            content.Notices.Add($"工作表“{sheets[unused]}”不是户信息表或成员表，未读取。");
        }

        Dictionary<string, (RowValues Row, int Number)>? byHousehold = null;
        if (households is { } hi)
        {
            content.Layout = $"两个工作表：户信息“{sheets[hi]}”+ 家庭成员“{sheets[members]}”，按户编号关联";
            using var reader = new XlsxReader(Rewound(file), limits, hi);
            var (header, rows) = Locate(reader, h2 => MonitoringColumns.HasColumn(h2, "household_no"));
            byHousehold = ReadHouseholds(content, sheets[hi], header, rows, orgs, today);
        }
        else
        {
            content.Layout = $"一个工作表“{sheets[members]}”（成员行，户信息列重复）";
        }

        using (var reader = new XlsxReader(Rewound(file), limits, members))
        {
            var (header, rows) = Locate(reader, h2 => MonitoringColumns.HasColumn(h2, "id_number"));
            ReadMembers(content, sheets[members], header, rows, byHousehold, protector, orgs, today);
        }
    }

    private static int? First(List<int> sheets, Func<int, bool> test) => sheets.Where(test).Cast<int?>().FirstOrDefault();

    private static Stream Rewound(Stream file)
    {
        file.Position = 0;
        return file;
    }

    private static bool IsAnyHeader(IReadOnlyList<string> header) =>
        MonitoringColumns.HasColumn(header, "id_number") || MonitoringColumns.HasColumn(header, "household_no");

    private static void AddHiddenNotice(MonitoringFileContent content, XlsxReader? reader)
    {
        foreach (var hidden in reader?.HiddenSheets ?? [])
        {
            content.Notices.Add($"隐藏的工作表“{hidden}”未读取。");
        }
    }

    /// <summary>The header row — the first row, or the first of the next rows that looks like one — and the rows under it.</summary>
    private static (IReadOnlyList<string> Header, IEnumerable<TableRow> Rows) Locate(ITableReader reader, Func<IReadOnlyList<string>, bool> isHeader)
    {
        if (isHeader(reader.Header))
        {
            return (reader.Header, reader.Rows());
        }

        var rows = reader.Rows().GetEnumerator();
        for (var i = 0; i < HeaderSearchRows && rows.MoveNext(); i++)
        {
            var cells = rows.Current.Cells.Select(CellParsers.Normalize).ToList();
            if (isHeader(cells))
            {
                return (cells, Rest(rows));
            }
        }

        rows.Dispose();
        return (reader.Header, []);
    }

    private static IEnumerable<TableRow> Rest(IEnumerator<TableRow> rows)
    {
        using (rows)
        {
            while (rows.MoveNext())
            {
                yield return rows.Current;
            }
        }
    }

    private static Dictionary<string, (RowValues Row, int Number)> ReadHouseholds(MonitoringFileContent content, string sheet, IReadOnlyList<string> header,
        IEnumerable<TableRow> rows, OrgDirectory orgs, DateOnly today)
    {
        var map = MapHeader(content, sheet, header, MonitoringColumns.Households, "户信息表");
        var byNumber = new Dictionary<string, (RowValues, int)>(StringComparer.Ordinal);
        foreach (var row in rows.Where(r => !r.IsBlank))
        {
            content.HouseholdRowsRead++;
            var values = RowValues.Read(row, map, MonitoringColumns.Households, orgs, today);
            var number = values.Get<string>("household_no");
            if (number is not null && byNumber.TryGetValue(number, out var earlier))
            {
                values.Errors.Add(new ImportError(row.Number, "户编号", number, $"户编号重复（第 {earlier.Item2} 行已有）", "重复"));
            }

            if (!values.Ok)
            {
                AddErrors(content, sheet, values.Errors);
                if (number is not null)
                {
                    byNumber[number] = (values, row.Number);
                }

                continue;
            }

            byNumber[number!] = (values, row.Number);
            CollectCounty(content, values);
        }

        return byNumber;
    }

    private static void ReadMembers(MonitoringFileContent content, string sheet, IReadOnlyList<string> header, IEnumerable<TableRow> rows,
        Dictionary<string, (RowValues Row, int Number)>? households, PersonalDataProtector protector, OrgDirectory orgs, DateOnly today)
    {
        var map = MapHeader(content, sheet, header, MonitoringColumns.Members, households is null ? "表" : "成员表");
        if (households is null && !MonitoringColumns.StatusKeys.Any(k => map.IndexOf(k) is not null))
        {
            throw new DomainException("文件中没有“户类型”“是否脱贫户”“监测对象类型”或“是否监测对象”列，无法判断每个人是脱贫户还是监测户；请导出含这些列的成员信息。");
        }

        var conflicting = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in rows.Where(r => !r.IsBlank))
        {
            content.RowsRead++;
            var values = RowValues.Read(row, map, MonitoringColumns.Members, orgs, today);
            var id = values.Get<ResidentIdResult>("id_number");
            // A refused number leaves no value (default(ResidentIdResult) would read as valid).
            var hash = values.Has("id_number") ? protector.Hash(id.Normalized!) : null;
            RowValues? household = null;
            if (households is not null && values.Get<string>("household_no") is { } number)
            {
                if (!households.TryGetValue(number, out var found))
                {
                    values.Errors.Add(new ImportError(row.Number, "户编号", number, "户信息表中没有这个户编号", "找不到户"));
                }
                else if (!found.Row.Ok)
                {
                    values.Errors.Add(new ImportError(row.Number, "户编号", number, $"所在户的信息有误（见户信息表第 {found.Number} 行）", "户信息有误"));
                }
                else
                {
                    household = found.Row;
                }
            }

            T? Value<T>(string key) => values.Has(key) ? values.Get<T>(key) : household is not null ? household.Get<T>(key) : default;
            MonitoringStatus? status = null;
            if (values.Ok)
            {
                var (derived, column, error) = MonitoringStatusRules.Derive(Value<string>("household_type"), Value<bool?>("lifted"), Value<string>("monitor_type"),
                    Value<bool?>("monitored"), Value<bool?>("risk_eliminated"));
                if (derived is null)
                {
                    var key = MonitoringColumns.Members.First(c => c.Header == column).Key;
                    values.Errors.Add(new ImportError(row.Number, column!, Raw(values, household, key), error!, "户类型矛盾"));
                }

                status = derived;
            }

            if (hash is not null && values.Ok)
            {
                if (content.Persons.TryGetValue(hash, out var before))
                {
                    if (before.Status.Type == status!.Type)
                    {
                        // The same person listed again with the same status: read once.
                        continue;
                    }

                    values.Errors.Add(new ImportError(row.Number, "证件号码", ResidentId.Mask(id.Normalized!),
                        $"与第 {before.Row} 行是同一个人，但户类型不同（{before.Status.Detail} / {status.Detail}），无法判断以哪行为准", "重复"));
                    content.Persons.Remove(hash);
                    conflicting.Add(hash);
                }
                else if (conflicting.Contains(hash))
                {
                    values.Errors.Add(new ImportError(row.Number, "证件号码", ResidentId.Mask(id.Normalized!), "此人在文件中有户类型不同的几行，无法判断以哪行为准", "重复"));
                }
            }

            if (!values.Ok)
            {
                AddErrors(content, sheet, values.Errors);
                if (hash is not null)
                {
                    content.Unreadable.Add(hash);
                }

                continue;
            }

            content.Persons[hash!] = new FilePerson(hash!, ResidentId.Mask(id.Normalized!), sheet, row.Number, values.Get<string>("name"), values.Get<Gender?>("gender"),
                id.Gender!.Value, status!);
            CollectCounty(content, values.Has("county") ? values : household);
        }

        // A person refused on one row and read on another is in the file with a status: not unreadable.
        content.Unreadable.ExceptWith(content.Persons.Keys);
    }

    private static string Raw(RowValues member, RowValues? household, string key) =>
        member.Raw(key) is { Length: > 0 } raw ? raw : household?.Raw(key) ?? "";

    private static HeaderMap MapHeader(MonitoringFileContent content, string sheet, IReadOnlyList<string> header, IReadOnlyList<LedgerColumn> columns, string what)
    {
        var errors = new List<ImportError>();
        var ignored = new List<string>();
        var map = HeaderMap.Build(header, columns, errors, ignored);
        if (map.IndexOf(columns.First(c => c.Required).Key) is null)
        {
            var required = columns.First(c => c.Required);
            throw new DomainException(header.All(string.IsNullOrWhiteSpace)
                ? "文件没有表头行；第一行应是列名，如“证件号码”“姓名”“户类型”。"
                : $"{(sheet.Length > 0 ? $"工作表“{sheet}”" : "文件")}的{what}中找不到“{required.Header}”列（也认“{string.Join("”“", required.Aliases)}”）；请确认是监测系统导出的{(what == "户信息表" ? "户信息" : "成员信息")}。");
        }

        foreach (var error in errors.Where(e => e.Reason.Contains("重复", StringComparison.Ordinal)))
        {
            content.Notices.Add($"{Where(sheet)}列“{error.Column}”{error.Reason}，只读第一列。");
        }

        var skipped = header.Where(h => !string.IsNullOrWhiteSpace(h) && !columns.Any(c => c.Matches(h))).ToList();
        if (skipped.Count > 0)
        {
            content.Notices.Add($"{Where(sheet)}比对不需要的 {skipped.Count} 列未读取：{string.Join("、", skipped.Take(12))}{(skipped.Count > 12 ? " 等" : "")}。");
        }

        return map;
    }

    private static string Where(string sheet) => sheet.Length > 0 ? $"工作表“{sheet}”中" : "";

    private static void AddErrors(MonitoringFileContent content, string sheet, IEnumerable<ImportError> errors) =>
        content.BadRows.AddRange(errors.Select(e => new FileBadRow(sheet, e.Row, e.Column, e.Value, e.Reason, e.Kind)));

    private static void CollectCounty(MonitoringFileContent content, RowValues? values)
    {
        if (values?.Get<string>("county") is { Length: > 0 } county && content.Counties.Count < 50 && !content.Counties.Contains(county))
        {
            content.Counties.Add(county);
        }
    }
}
