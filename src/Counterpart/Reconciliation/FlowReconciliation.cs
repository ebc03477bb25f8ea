using Counterpart.Consumption;
using Counterpart.Data;
using Counterpart.Donations;
using Counterpart.Indicators;
using Counterpart.Organizations;
using Counterpart.Projects;
using Counterpart.Talent;
using Microsoft.EntityFrameworkCore;

namespace Counterpart.Reconciliation;

/// <summary>How one item stands between the two sides' reports.</summary>
public enum ItemStatus
{
    /// <summary>一致: both sides report it, with the same amount (or number of stays) in the same years.</summary>
    Matched,

    /// <summary>年度不一致: the same amount, dated in different years (sent in December, arrived in January).</summary>
    YearDiffers,

    /// <summary>金额不一致: both report it, with different amounts or numbers of stays.</summary>
    AmountDiffers,

    /// <summary>仅东部报送.</summary>
    EastOnly,

    /// <summary>仅西部报送.</summary>
    WestOnly,
}

/// <summary>How a flow stands as a whole over the period.</summary>
public enum FlowState
{
    /// <summary>无往来: neither side reports anything.</summary>
    Empty,

    /// <summary>待东部报送: only the west reports it; the east has not given its list yet.</summary>
    AwaitingEast,

    /// <summary>待西部报送.</summary>
    AwaitingWest,

    /// <summary>Each side reported some years the other did not, and no year both did.</summary>
    AwaitingBoth,

    /// <summary>一致: every item agrees.</summary>
    Agreed,

    /// <summary>有差异: some items differ.</summary>
    Differs,
}

/// <summary>A ledger row behind an item: the ledger's name (for <c>/ledgers/{name}?ids=</c>) and the row's id.</summary>
public sealed record RowRef(string Ledger, long Id);

/// <summary>The latest explanation of an item.</summary>
public sealed record NoteView(long Id, string Text, string Author, DateTime WrittenAtUtc);

/// <summary>
/// One item of a flow as both sides report it: amounts in 元 (for people the number of stays, 人次), the years each side
/// dates it in, the rows behind each side, and the explanation if somebody gave one.
/// </summary>
public sealed record FlowItem(FlowKind Kind, Direction Direction, string Key, string Label, ItemStatus Status, decimal East, decimal West,
    IReadOnlyList<int> EastYears, IReadOnlyList<int> WestYears, IReadOnlyList<RowRef> EastRows, IReadOnlyList<RowRef> WestRows, NoteView? Note)
{
    public decimal Difference => East - West;

    /// <summary>A difference nobody has explained yet.</summary>
    public bool Flagged => Status != ItemStatus.Matched && Note is null;
}

/// <summary>What one side reports of a flow over the period: how many items, how much (元, or 人次 for people).</summary>
public sealed record SideTotal(int Items, decimal Amount);

/// <summary>
/// One flow of the pairing: both sides' totals, its state, how many items agree, and the items that differ — over the years
/// both sides reported (<see cref="Compared"/>; totals over the whole period when there is none), with the years only one
/// side reported listed as awaiting the other.
/// </summary>
public sealed record FlowSummary(FlowKind Kind, Direction Direction, string Title, string Unit, SideTotal East, SideTotal West, FlowState State, int Matched,
    IReadOnlyList<FlowItem> Differences, IReadOnlyList<int> Compared, IReadOnlyList<int> AwaitingEast, IReadOnlyList<int> AwaitingWest)
{
    public int Explained => Differences.Count(d => !d.Flagged);

    public int Flagged => Differences.Count(d => d.Flagged);
}

/// <summary>The reconciliation of a pairing over a period (<see cref="FlowReconciliation"/>).</summary>
public sealed record ReconciliationReport(string Title, string PairingSpec, int FromYear, int ToYear, IReadOnlyList<FlowSummary> Flows);

/// <summary>
/// East–west reconciliation (对账, ADR 15): for each flow between the two sides of a pairing — fiscal aid, people each way,
/// purchases, donations — what the east reports against what the west reports. A side's report is every row of that
/// flow owned by one of its units: the ledger rows it keeps (the county keeps the funds that arrived and its sales; the
/// district keeps the gifts; each side keeps the people it sends) and the items of its own list (<see cref="FlowStatement"/>)
/// for the rows the other side keeps. Items are matched by the number both know them by, over the period with a year's
/// margin on each side, so that a transfer sent in December and booked in January shows as a difference of year.
/// </summary>
public sealed class FlowReconciliation(CounterpartDbContext db, IndicatorService indicators, TimeProvider clock)
{
    /// <summary>The flows reconciled, in the order shown: kind, direction, title, unit.</summary>
    public static IReadOnlyList<(FlowKind Kind, Direction Direction, string Title, string Unit)> Flows { get; } =
    [
        (FlowKind.FiscalAid, Direction.EastToWest, "财政援助资金", "元"),
        (FlowKind.People, Direction.EastToWest, "干部人才（东部到西部）", "人次"),
        (FlowKind.People, Direction.WestToEast, "干部人才（西部到东部）", "人次"),
        (FlowKind.Purchases, Direction.EastToWest, "消费帮扶采购", "元"),
        (FlowKind.Donations, Direction.EastToWest, "社会捐赠", "元"),
    ];

    /// <summary>One row of a side's report before matching.</summary>
    /// <param name="ListYear">The year whose report the row is part of: its date's year for a ledger row, the list's year for a statement.</param>
    private sealed record Reported(FlowKind Kind, Direction Direction, string Key, string Label, string OwnerPath, string Ledger, long Id, decimal Amount, int ListYear);

    public async Task<ReconciliationReport> ForPairingAsync(string pairingSpec, int fromYear, int toYear, Scope scope, CancellationToken ct = default)
    {
        if (fromYear > toYear)
        {
            throw new DomainException($"起始年度 {fromYear} 晚于截止年度 {toYear}。");
        }

        var (east, west) = await indicators.ResolvePairingAsync(pairingSpec, ct);
        var selection = Selection.ForPairing(east, west);
        var (from, to) = (new DateOnly(fromYear - 1, 1, 1), new DateOnly(toYear + 1, 12, 31));
        var reported = new List<Reported>();
        reported.AddRange(await FundsAsync(selection, scope, from, to, ct));
        reported.AddRange(await PeopleAsync(selection, scope, from, to, ct));
        reported.AddRange(await PurchasesAsync(selection, scope, from, to, ct));
        reported.AddRange(await DonationsAsync(selection, scope, from, to, ct));
        reported.AddRange(await StatementsAsync(selection, scope, from, to, ct));

        var pairingId = await PairingIdAsync(east, west, ct);
        var notes = pairingId is { } id ? await LatestNotesAsync(id, scope, ct) : [];
        var (eastRoot, westRoot) = (Root(east.Path), Root(west.Path));
        var flows = new List<FlowSummary>();
        foreach (var (kind, direction, title, unit) in Flows)
        {
            var rows = reported.Where(r => r.Kind == kind && r.Direction == direction).ToList();
            var eastRows = rows.Where(r => r.OwnerPath.StartsWith(eastRoot, StringComparison.Ordinal)).ToList();
            var westRows = rows.Where(r => r.OwnerPath.StartsWith(westRoot, StringComparison.Ordinal)).ToList();
            flows.Add(Reconcile(kind, direction, title, unit, eastRows, westRows, fromYear, toYear, notes));
        }

        return new ReconciliationReport($"{east.Name} → {west.Name}", $"{east.Code}:{west.Code}", fromYear, toYear, flows);
    }

    /// <summary>Matches the two sides' rows of one flow item by item.</summary>
    private static FlowSummary Reconcile(FlowKind kind, Direction direction, string title, string unit, List<Reported> eastRows, List<Reported> westRows,
        int fromYear, int toYear, IReadOnlyDictionary<(FlowKind, Direction, string), NoteView> notes)
    {
        // A year is compared only where both sides reported the flow (a ledger row reports its date's year, a list item its
        // list's year); a year only one side reported awaits the other.
        var period = Enumerable.Range(fromYear, toYear - fromYear + 1).ToList();
        var eastReported = eastRows.Select(r => r.ListYear).ToHashSet();
        var westReported = westRows.Select(r => r.ListYear).ToHashSet();
        var compared = period.Where(y => eastReported.Contains(y) && westReported.Contains(y)).ToList();
        var awaitingEast = period.Where(y => !eastReported.Contains(y) && westReported.Contains(y)).ToList();
        var awaitingWest = period.Where(y => eastReported.Contains(y) && !westReported.Contains(y)).ToList();
        var totalled = compared.Count > 0 ? compared : period;
        bool Counted(Reported r) => totalled.Contains(r.ListYear);
        var eastTotal = new SideTotal(eastRows.Count(Counted), eastRows.Where(Counted).Sum(r => r.Amount));
        var westTotal = new SideTotal(westRows.Count(Counted), westRows.Where(Counted).Sum(r => r.Amount));
        if (compared.Count == 0)
        {
            // No year both sides reported: every item would be "only one side"; the state says it once.
            var state = (awaitingEast.Count > 0, awaitingWest.Count > 0) switch
            {
                (false, false) => FlowState.Empty,
                (true, false) => FlowState.AwaitingEast,
                (false, true) => FlowState.AwaitingWest,
                _ => FlowState.AwaitingBoth,
            };
            return new FlowSummary(kind, direction, title, unit, eastTotal, westTotal, state, 0, [], compared, awaitingEast, awaitingWest);
        }

        var byKey = eastRows.Select(r => (Side: 'E', Row: r)).Concat(westRows.Select(r => (Side: 'W', Row: r))).GroupBy(x => x.Row.Key, StringComparer.Ordinal);
        var matched = 0;
        var differences = new List<FlowItem>();
        foreach (var group in byKey)
        {
            var e = group.Where(x => x.Side == 'E').Select(x => x.Row).ToList();
            var w = group.Where(x => x.Side == 'W').Select(x => x.Row).ToList();
            if (!e.Concat(w).Any(Counted))
            {
                continue;
            }

            var (eastSum, westSum) = (e.Where(Counted).Sum(r => r.Amount), w.Where(Counted).Sum(r => r.Amount));
            // A side whose only rows of the item lie outside the compared years does not report it — unless those rows
            // explain the difference as one of year.
            var status = e.Count > 0 && w.Count > 0 ? Compare(e, w, compared) : ItemStatus.AmountDiffers;
            if (status == ItemStatus.AmountDiffers && !w.Any(Counted))
            {
                status = ItemStatus.EastOnly;
            }
            else if (status == ItemStatus.AmountDiffers && !e.Any(Counted))
            {
                status = ItemStatus.WestOnly;
            }

            if (status == ItemStatus.Matched)
            {
                matched++;
                continue;
            }

            // The years shown are the compared ones, and for a difference of year the neighbouring year that explains it.
            bool Shown(Reported r) => Counted(r) || status == ItemStatus.YearDiffers;
            var eastYears = e.Where(Shown).Select(r => r.ListYear).Distinct().Order().ToList();
            var westYears = w.Where(Shown).Select(r => r.ListYear).Distinct().Order().ToList();

            // Named as the ledger names it where a ledger row exists, else as the list does.
            var label = e.Concat(w).OrderBy(r => r.Ledger == "statements").First().Label;
            differences.Add(new FlowItem(kind, direction, group.Key, label, status, eastSum, westSum, eastYears, westYears,
                [.. e.Select(r => new RowRef(r.Ledger, r.Id))], [.. w.Select(r => new RowRef(r.Ledger, r.Id))], notes.GetValueOrDefault((kind, direction, group.Key))));
        }

        // Unexplained first, then the largest differences.
        var ordered = differences.OrderByDescending(d => d.Flagged).ThenByDescending(d => Math.Abs(d.Difference)).ThenBy(d => d.Key, StringComparer.Ordinal).ToList();
        return new FlowSummary(kind, direction, title, unit, eastTotal, westTotal, ordered.Count == 0 ? FlowState.Agreed : FlowState.Differs, matched, ordered,
            compared, awaitingEast, awaitingWest);
    }

    /// <summary>
    /// An item both sides report: matched when every compared year agrees; a difference of year when each year that
    /// differs is made good by the years next to it (sent in December for the year's list, booked in January in the next);
    /// otherwise a difference of amount. Years are the years of the reports (<see cref="Reported.ListYear"/>).
    /// </summary>
    private static ItemStatus Compare(List<Reported> east, List<Reported> west, List<int> compared)
    {
        decimal Gap(int year) => east.Where(r => r.ListYear == year).Sum(r => r.Amount) - west.Where(r => r.ListYear == year).Sum(r => r.Amount);
        var differing = compared.Where(y => Gap(y) != 0m).ToList();
        if (differing.Count == 0)
        {
            return ItemStatus.Matched;
        }

        return differing.All(y => Gap(y - 1) + Gap(y) + Gap(y + 1) == 0m) ? ItemStatus.YearDiffers : ItemStatus.AmountDiffers;
    }

    /// <summary>Writes an explanation of an item (the latest one stands); owned by the writer's organization.</summary>
    public async Task<NoteView> ExplainAsync(WriteContext who, string pairingSpec, FlowKind kind, Direction direction, string itemKey, string text, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(who);
        var trimmed = text?.Trim() ?? "";
        if (trimmed.Length is 0 or > 500)
        {
            throw new DomainException("请写明差异的原因（1—500 字），例如“12月28日拨付，次年1月5日到账”。");
        }

        if (string.IsNullOrWhiteSpace(itemKey) || itemKey.Length > 128)
        {
            throw new DomainException("没有指明要说明的对账项目。");
        }

        if (who.OrgId is not { } orgId)
        {
            throw new DomainException("只有属于某个单位的账号才能填写差异说明。");
        }

        var (east, west) = await indicators.ResolvePairingAsync(pairingSpec, ct);
        var pairingId = await PairingIdAsync(east, west, ct)
            ?? throw new DomainException($"{east.Name}与{west.Name}之间没有登记结对关系，无法保存差异说明；请先在结对关系台账中登记。");
        var note = new ReconciliationNote
        {
            PairingId = pairingId, Kind = kind, Direction = direction, ItemKey = itemKey, Text = trimmed, Author = who.Actor,
            WrittenAtUtc = clock.GetUtcNow().UtcDateTime, OwnerOrgId = orgId,
        };
        await new LedgerWriter(db).WriteAsync(who, (d, _) =>
        {
            d.Add(note);
            return Task.CompletedTask;
        }, ct);
        return new NoteView(note.Id, note.Text, note.Author, note.WrittenAtUtc);
    }

    /// <summary>The district–county pairing between the two organizations, if one is recorded.</summary>
    private async Task<long?> PairingIdAsync(Organization east, Organization west, CancellationToken ct) =>
        await db.Rows<Pairings.Pairing>(Scope.Everything).Where(p => p.EastOrgId == east.Id && p.WestOrgId == west.Id)
            .OrderBy(p => p.Id).Select(p => (long?)p.Id).FirstOrDefaultAsync(ct);

    private async Task<Dictionary<(FlowKind, Direction, string), NoteView>> LatestNotesAsync(long pairingId, Scope scope, CancellationToken ct)
    {
        var notes = await db.Rows<ReconciliationNote>(scope).Where(n => n.PairingId == pairingId)
            .Select(n => new { n.Id, n.Kind, n.Direction, n.ItemKey, n.Text, n.Author, n.WrittenAtUtc }).ToListAsync(ct);
        return notes.GroupBy(n => (n.Kind, n.Direction, n.ItemKey))
            .ToDictionary(g => g.Key, g => g.OrderBy(n => n.WrittenAtUtc).ThenBy(n => n.Id).Select(n => new NoteView(n.Id, n.Text, n.Author, n.WrittenAtUtc)).Last());
    }

    /// <summary>Cooperation funds that arrived, per project (the fiscal aid figure's rows).</summary>
    private async Task<IEnumerable<Reported>> FundsAsync(Selection selection, Scope scope, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var rows = await selection.Apply(db.Rows<Project>(scope))
            .SelectMany(p => p.Funds, (p, f) => new { p.Code, p.Name, OwnerPath = p.Owner!.Path, f.Id, f.Source, f.Stage, f.Date, f.Amount })
            .Where(f => f.Source == FundSource.Cooperation && f.Stage == FundStage.Disbursement && f.Date >= from && f.Date <= to)
            .ToListAsync(ct);
        return rows.Select(r => new Reported(FlowKind.FiscalAid, Direction.EastToWest, ProjectKey(r.Code), $"{r.Code} {r.Name}", r.OwnerPath, "project-funds", r.Id, r.Amount, r.Date.Year));
    }

    /// <summary>Stays on the other side, one per assignment.</summary>
    private async Task<IEnumerable<Reported>> PeopleAsync(Selection selection, Scope scope, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var rows = await selection.Apply(db.Rows<TalentAssignment>(scope)).Where(a => a.StartDate >= from && a.StartDate <= to)
            .Select(a => new { a.Id, a.Direction, a.Person!.Name, Hash = a.Person.IdNumber!.Hash, Masked = a.Person.IdNumber.Masked, OwnerPath = a.Owner!.Path, a.StartDate })
            .ToListAsync(ct);
        return rows.Select(r => new Reported(FlowKind.People, r.Direction, PersonKey(r.Hash, r.Name), PersonLabel(r.Name, r.Masked), r.OwnerPath, "talent", r.Id, 1m, r.StartDate.Year));
    }

    /// <summary>Purchases by eastern buyers (帮销 sales to others are the seller's alone).</summary>
    private async Task<IEnumerable<Reported>> PurchasesAsync(Selection selection, Scope scope, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var rows = await selection.Apply(db.Rows<Sale>(scope)).Where(s => s.Kind == SaleKind.Purchase && s.Date >= from && s.Date <= to)
            .Select(s => new { s.Id, s.VoucherNo, s.WestOrgId, Seller = s.WestOrg!.Name, OwnerPath = s.Owner!.Path, s.Date, s.Amount })
            .ToListAsync(ct);
        return rows.Select(r => new Reported(FlowKind.Purchases, Direction.EastToWest, UnitKey("V", r.WestOrgId, r.VoucherNo), $"{r.VoucherNo}（{r.Seller}）", r.OwnerPath, "sales", r.Id, r.Amount, r.Date.Year));
    }

    private async Task<IEnumerable<Reported>> DonationsAsync(Selection selection, Scope scope, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var rows = await selection.Apply(db.Rows<Donation>(scope)).Where(d => d.Date >= from && d.Date <= to)
            .Select(d => new { d.Id, d.ReceiptNo, d.WestOrgId, Recipient = d.WestOrg!.Name, OwnerPath = d.Owner!.Path, d.Date, d.Amount })
            .ToListAsync(ct);
        return rows.Select(r => new Reported(FlowKind.Donations, Direction.EastToWest, UnitKey("R", r.WestOrgId, r.ReceiptNo), $"{r.ReceiptNo}（{r.Recipient}）", r.OwnerPath, "donations", r.Id, r.Amount, r.Date.Year));
    }

    /// <summary>The items of both sides' own lists.</summary>
    private async Task<IEnumerable<Reported>> StatementsAsync(Selection selection, Scope scope, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var rows = await selection.Apply(db.Rows<FlowStatement>(scope)).Where(s => s.Year >= from.Year && s.Year <= to.Year)
            .Select(s => new
            {
                s.Id, s.Kind, s.Direction, s.Reference, s.PersonName, Hash = s.IdNumber!.Hash, Masked = s.IdNumber.Masked, s.WestOrgId, West = s.WestOrg!.Name,
                OwnerPath = s.Owner!.Path, s.Year, s.Amount,
            })
            .ToListAsync(ct);
        return rows.Select(s => s.Kind switch
        {
            FlowKind.FiscalAid => new Reported(s.Kind, Direction.EastToWest, ProjectKey(s.Reference!), s.Reference!, s.OwnerPath, "statements", s.Id, s.Amount ?? 0m, s.Year),
            FlowKind.People => new Reported(s.Kind, s.Direction, PersonKey(s.Hash, s.PersonName!), PersonLabel(s.PersonName!, s.Masked), s.OwnerPath, "statements", s.Id, 1m, s.Year),
            FlowKind.Purchases => new Reported(s.Kind, Direction.EastToWest, UnitKey("V", s.WestOrgId, s.Reference!), $"{s.Reference}（{s.West}）", s.OwnerPath, "statements", s.Id, s.Amount ?? 0m, s.Year),
            _ => new Reported(s.Kind, Direction.EastToWest, UnitKey("R", s.WestOrgId, s.Reference!), $"{s.Reference}（{s.West}）", s.OwnerPath, "statements", s.Id, s.Amount ?? 0m, s.Year),
        });
    }

    /// <summary>The first segment of a tree path: the province (“/1/3/5/” → “/1/”), which tells the side of an owner.</summary>
    private static string Root(string path) => path[..(path.IndexOf('/', 1) + 1)];

    private static string ProjectKey(string code) => "P:" + code.Trim().ToUpperInvariant();

    private static string UnitKey(string prefix, long westOrgId, string number) =>
        $"{prefix}:{westOrgId.ToString(System.Globalization.CultureInfo.InvariantCulture)}:{number.Trim().ToUpperInvariant()}";

    /// <summary>A person by the keyed hash of the ID number, or by name where no number was given.</summary>
    private static string PersonKey(string? hash, string name) => hash is not null ? "I:" + hash : "N:" + name.Trim();

    private static string PersonLabel(string name, string? masked) => masked is null ? name : $"{name}（{masked}）";
}
