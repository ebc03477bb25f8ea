using Counterpart.Accounts;

namespace Counterpart.Web.Shell;

/// <summary>One entry of the sidebar: a page, and which roles see it (empty: every data role).</summary>
internal sealed record NavItem(string Title, string Href, string[]? Roles = null);

/// <summary>A group of the sidebar: an area of the work, with its icon and pages.</summary>
internal sealed record NavArea(string Title, string Icon, IReadOnlyList<NavItem> Items);

/// <summary>
/// The sidebar, by area of the work as offices name it; each ledger page is /ledgers/{name}. The breadcrumbs read the
/// same list, so a page's place is written once.
/// </summary>
internal static class Areas
{
    private static readonly string[] Data = [.. Roles.DataReaders];

    public static IReadOnlyList<NavArea> All { get; } =
    [
        new("结对关系", "apartment", [new("组织与结对", "/organizations"), new("结对关系台账", "/ledgers/pairings")]),
        new("协议目标", "aim", [new("协议与目标", "/ledgers/agreements"), new("目标进度", "/targets")]),
        new("项目资金", "project", [new("帮扶项目", "/ledgers/projects"), new("项目资金", "/ledgers/project-funds"), new("项目绩效目标", "/ledgers/project-outcomes")]),
        new("产业协作", "bank", [new("引导企业投资", "/ledgers/investment"), new("投资到位", "/ledgers/investment-inflows")]),
        new("消费帮扶", "shopping", [new("产品目录", "/ledgers/products"), new("销售台账", "/ledgers/sales")]),
        new("劳务协作", "team", [new("人员与就业", "/ledgers/labor"), new("培训", "/ledgers/trainings")]),
        new("人才交流", "solution", [new("人才交流台账", "/ledgers/talent")]),
        new("社会帮扶", "heart", [new("捐赠", "/ledgers/donations"), new("荣誉", "/ledgers/honors"), new("典型案例", "/ledgers/cases")]),
        new("需求与资源", "swap", [new("需求与资源对接", "/needs-offers"), new("需求清单", "/ledgers/needs"), new("资源清单", "/ledgers/offers")]),
        new("考核评价", "audit", [new("考核结果与整改", "/evaluation"), new("考核评价台账", "/ledgers/evaluations"), new("问题与整改", "/ledgers/findings"), new("检查", "/ledgers/inspections")]),
        new("数据核查", "safety-certificate", [new("数据质量", "/quality"), new("东西部对账", "/reconciliation"), new("对账清单", "/ledgers/statements"),
            new("监测系统比对", "/crosscheck")]),
        new("数据", "cloud-upload", [new("导入向导", "/import", [Roles.Clerk]), new("报表", "/reports")]),
    ];

    /// <summary>Pages every signed-in account has, administrators included.</summary>
    public static NavArea System { get; } = new("系统管理", "setting", [new("审计日志", "/audit", [Roles.Auditor]), new("我的账号", "/account", [])]);

    public static bool Visible(NavItem item, Func<string, bool> isInRole) =>
        item.Roles is { Length: 0 } || (item.Roles ?? Data).Any(isInRole);

    /// <summary>The area and page a path belongs to, for the breadcrumbs.</summary>
    public static (NavArea Area, NavItem Item)? Find(string path) =>
        All.Append(System).SelectMany(a => a.Items.Select(i => (a, i)))
            .Where(p => path.StartsWith(p.i.Href, StringComparison.OrdinalIgnoreCase))
            .OrderByDescending(p => p.i.Href.Length).Cast<(NavArea, NavItem)?>().FirstOrDefault();
}
