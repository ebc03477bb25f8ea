using Counterpart.Labor;
using Counterpart.Ledgers;

namespace Counterpart.Monitoring;

/// <summary>
/// The columns read from an export of the national anti-poverty-relapse monitoring system (防返贫监测信息系统), by their
/// Chinese headers and the aliases counties use. Every other column of the export (民族, 文化程度, 务工地点 …) is ignored.
/// </summary>
public static class MonitoringColumns
{
    public const string Lifted = "脱贫户";
    public const string Unstable = "脱贫不稳定户";
    public const string Marginal = "边缘易致贫户";
    public const string Sudden = "突发严重困难户";

    /// <summary>The three kinds of 监测对象 (monitored households) the national system records.</summary>
    public static IReadOnlyList<string> MonitorTypes { get; } = [Unstable, Marginal, Sudden];

    private static readonly LedgerColumn IdNumber = new("id_number", "证件号码", CellKind.IdNumber, true,
        "成员的居民身份证号；旧15位号自动升为18位", "522726199001011235") { Aliases = ["身份证号", "身份证号码", "证件号", "公民身份号码", "成员证件号码"] };

    private static readonly LedgerColumn HouseholdNo = new("household_no", "户编号", CellKind.Text, false,
        "监测系统的户编号；两个工作表（户信息 + 家庭成员）时按它把成员对到户", "5227260010010001") { MaxLength = 64, Aliases = ["户码", "户号", "家庭编号"] };

    /// <summary>The household-level columns: on every member row (one sheet), or once per household (households sheet).</summary>
    private static readonly LedgerColumn[] HouseholdLevel =
    [
        new("household_type", "户类型", CellKind.Choice, false, "脱贫户、监测户、一般农户；也可直接填监测对象类型", "脱贫户")
        {
            Choices = [Lifted, "监测户", "监测对象", "一般农户", "一般户", Unstable, Marginal, Sudden],
        },
        new("lifted", "是否脱贫户", CellKind.YesNo, false, "是 / 否", "是") { Aliases = ["是否脱贫人口"] },
        new("monitor_type", "监测对象类型", CellKind.Choice, false, "脱贫不稳定户、边缘易致贫户、突发严重困难户；不是监测对象的空着或填“无”", "脱贫不稳定户")
        {
            Choices = [Unstable, Marginal, Sudden, "无"], Aliases = ["监测类型", "监测对象类别"],
        },
        new("monitored", "是否监测对象", CellKind.YesNo, false, "是 / 否", "否") { Aliases = ["是否为监测对象", "是否纳入监测"] },
        new("risk_eliminated", "风险是否已消除", CellKind.YesNo, false, "监测对象的风险是否已标注消除：是 / 否", "否")
        {
            Aliases = ["风险是否消除", "是否风险消除", "是否已消除风险", "风险消除"],
        },
        new("county", "县", CellKind.Text, false, "县（市、区）名称，只作参考", "独山县") { MaxLength = 64, Aliases = ["县名称", "所在县", "县（市、区）", "县(市区)"] },
        new("town", "乡镇", CellKind.Text, false, "乡（镇、街道）名称，只作参考", "基长镇") { MaxLength = 64, Aliases = ["乡", "乡镇名称", "乡（镇）", "乡镇（街道）"] },
        new("village", "村", CellKind.Text, false, "行政村（社区）名称，只作参考", "甲村") { MaxLength = 64, Aliases = ["行政村", "村名称", "村（社区）"] },
    ];

    /// <summary>The columns of a member row (one sheet: with the household columns repeated).</summary>
    public static IReadOnlyList<LedgerColumn> Members { get; } =
    [
        IdNumber,
        new("name", "姓名", CellKind.Text, false, "成员姓名；与我方不同时列为“姓名不一致”", "王小明") { MaxLength = 64, Aliases = ["成员姓名", "人员姓名"] },
        new("gender", "性别", CellKind.Gender, false, "男 / 女；与我方不同时列为“性别不一致”", "男"),
        HouseholdNo,
        new("relation", "与户主关系", CellKind.Text, false, "户主、配偶、之子 …，只作参考", "户主") { MaxLength = 32 },
        .. HouseholdLevel,
    ];

    /// <summary>The columns of the households sheet of a two-sheet workbook (户编号 required there).</summary>
    public static IReadOnlyList<LedgerColumn> Households { get; } = [HouseholdNo with { Required = true }, .. HouseholdLevel];

    /// <summary>The keys whose values say the household's status; a file needs at least one of them.</summary>
    public static IReadOnlyList<string> StatusKeys { get; } = ["household_type", "lifted", "monitor_type", "monitored"];

    /// <summary>The household-level keys, filled from the household's row when a member row leaves them empty.</summary>
    public static IReadOnlyList<string> HouseholdKeys { get; } = [.. HouseholdLevel.Select(c => c.Key)];

    public static bool IsMonitorType(string? value) => value is Unstable or Marginal or Sudden;

    public static LedgerColumn Column(string key) => Members.First(c => c.Key == key);

    public static bool HasColumn(IReadOnlyList<string> header, string key) => header.Any(Column(key).Matches);

    public static string Label(HouseholdType type) => type switch
    {
        HouseholdType.Lifted => "脱贫户",
        HouseholdType.Monitored => "监测户",
        _ => "一般农户",
    };
}

/// <summary>The status a row of the export says, in our registry's three types, with the national system's own words.</summary>
public sealed record MonitoringStatus(HouseholdType Type, string Detail);

/// <summary>
/// Derives a person's status from the monitoring system's columns (ADR 14):
/// <list type="bullet">
/// <item>脱贫户 when 是否脱贫户 = 是, or 户类型 = 脱贫户, or the 监测对象类型 is 脱贫不稳定户 (by definition a 脱贫户). A 脱贫户 that is
/// also monitored stays 脱贫户: our “of whom 脱贫” figures count 脱贫人口 whether monitored or not, and our 监测户 are the
/// monitored households that are not 脱贫户.</item>
/// <item>监测户 when not 脱贫户 and a 监测对象类型 is given, or 是否监测对象 = 是, or 户类型 says 监测户 (户类型 一般农户 with a 监测对象类型
/// is the usual form of an 边缘易致贫户 or 突发严重困难户) — unless 风险是否已消除 = 是:
/// a household whose risk is eliminated has left monitoring and is 一般农户 again (the detail says so).</item>
/// <item>otherwise 一般农户.</item>
/// </list>
/// Values that contradict each other are refused with the reason, as is a row that says nothing about the status.
/// </summary>
public static class MonitoringStatusRules
{
    /// <summary>The status, or the column and reason why the row cannot say it.</summary>
    public static (MonitoringStatus? Status, string? Column, string? Error) Derive(string? householdType, bool? lifted, string? monitorType, bool? monitored, bool? riskEliminated)
    {
        var typeLifted = householdType is MonitoringColumns.Lifted or MonitoringColumns.Unstable;
        var typeMonitored = householdType is "监测户" or "监测对象" || MonitoringColumns.IsMonitorType(householdType);
        var typeGeneral = householdType is "一般农户" or "一般户";
        var kind = monitorType is "无" ? null : monitorType;
        if (kind is null && MonitoringColumns.IsMonitorType(householdType))
        {
            kind = householdType;
        }
        else if (kind is not null && MonitoringColumns.IsMonitorType(householdType) && kind != householdType)
        {
            return (null, "监测对象类型", $"与户类型“{householdType}”不一致");
        }

        if (householdType is null && lifted is null && monitorType is null && monitored is null)
        {
            return (null, "户类型", "户类型、是否脱贫户、监测对象类型、是否监测对象都没有填写，无法判断户类型");
        }

        var isLifted = lifted == true || typeLifted || kind == MonitoringColumns.Unstable;
        var isMonitored = kind is not null || monitored == true || typeMonitored;
        if (lifted == false && (typeLifted || kind == MonitoringColumns.Unstable))
        {
            return (null, "是否脱贫户", $"填了“否”，但{(typeLifted ? $"户类型为“{householdType}”" : "监测对象类型为“脱贫不稳定户”")}，应是脱贫户");
        }

        if (monitored == false && (kind is not null || typeMonitored))
        {
            return (null, "是否监测对象", $"填了“否”，但{(kind is not null ? $"监测对象类型为“{kind}”" : $"户类型为“{householdType}”")}");
        }

        // 户类型 一般农户 says the household was never poor; it may still be monitored (an 边缘易致贫户 is one).
        if (typeGeneral && isLifted)
        {
            return (null, "户类型", $"填了“{householdType}”，但{(lifted == true ? "是否脱贫户为“是”" : "监测对象类型为“脱贫不稳定户”")}");
        }

        if (kind == MonitoringColumns.Marginal && isLifted)
        {
            return (null, "监测对象类型", "边缘易致贫户不是脱贫户，但是否脱贫户为“是”");
        }

        var what = kind ?? "监测对象";
        var eliminated = riskEliminated == true;
        if (isLifted)
        {
            return (new(HouseholdType.Lifted, isMonitored ? $"脱贫户（{what}{(eliminated ? "，风险已消除" : "")}）" : "脱贫户"), null, null);
        }

        if (isMonitored)
        {
            return eliminated
                ? (new(HouseholdType.General, $"一般农户（{what}，风险已消除）"), null, null)
                : (new(HouseholdType.Monitored, $"监测户（{what}）"), null, null);
        }

        return (new(HouseholdType.General, "一般农户"), null, null);
    }
}
