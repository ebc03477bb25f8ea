using System.Text;
using Counterpart.Data;
using Counterpart.Honors;
using Counterpart.Ledgers;
using Counterpart.Ledgers.Files;
using Counterpart.Organizations;
using Counterpart.People;
using Counterpart.Talent;
using Counterpart.Tests.Infrastructure;
using Counterpart.Trainings;
using Microsoft.EntityFrameworkCore;

namespace Counterpart.Tests.Ledgers;

/// <summary>
/// The talent, trainings, honors and cases ledgers on both databases: a round trip of the reference data (dry runs, the
/// shared database is never changed), and committed imports on a private database — insert, same file again, one
/// changed cell, undo, chunked apply.
/// </summary>
public sealed class TalentTrainingHonorsImportTests(ReferenceDatabases databases)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly string IdA = ResidentId.Create("440112", new DateOnly(1985, 5, 6), 123);
    private static readonly string IdB = ResidentId.Create("440112", new DateOnly(1990, 9, 1), 246);

    private static string Header(string ledger) => string.Join(",", LedgerCatalog.Get(ledger).Columns.Select(c => c.Header));

    /// <summary>Good files in the hand-built tree (plus the units added in <see cref="ArrangeAsync"/>), and one cell changed in each.</summary>
    private static readonly Dictionary<string, (string[] Rows, string From, string To)> Files = new(StringComparer.Ordinal)
    {
        ["talent"] = (
        [
            $"张晓东,{IdA},男,党政干部,挂职,东→西,440112-A01,522726,2021-05-10,2023-05-09,县政府副县长,440112",
            $"张晓东,{IdA},,党政干部,挂职,东→西,440112-A01,522726,2023-05-10,,续任县政府副县长,440112",
            "李春燕,,女,教师,跟岗学习,西→东,440112-S01,522726-S01,2024-03-01,2024-04-15,跟岗学习,522726",
            $"陈静,{IdB},女,教师,支教,东→西,440112-S01,522726-S01,2024-09-01,2025-01-20,（支教）数学教师,440112",
        ], "2024-04-15", "2024-05-31"),
        ["trainings"] = (
        [
            "电工定制化培训班（第1期）,劳动技能,是,440112-A01,522726-L01,2024-03-11,2024-03-15,45,522726",
            "班主任能力提升培训,教育,否,440112-S01,522726-S01,2024-04-01,,60,440112",
            "农村实用技术培训,劳动技能,,,甲村,2024-05-06,2024-05-06,38,522726",
        ], ",60,", ",62,"),
        ["honors"] = (
        [
            "优秀支教教师,县级,独山县教育局,2024,522726-S01,陈静,522726",
            "优秀支教教师,县级,独山县教育局,2024,522726-S01,王芳,522726",
            "贵州省“产业+东西部协作”示范点,省级,贵州省,2023,甲村,,522726",
        ], "贵州省,2023", "贵州省乡村振兴局,2023"),
        ["cases"] = (
        [
            "安置社区里的“家门口”就业,甲村,\"社区车间承接东部订单，搬迁群众在楼下上班。\",2024-06-18,车间.jpg；群众.png,522726",
            "一间工作室带动一县班主任,522726-S01,工作室每年到县里开展公益培训，线上线下结合。,2025-09-10,,440112",
        ], "2025-09-10", "2025-09-12"),
    };

    private static string FileOf(string ledger, bool changed = false)
    {
        var (rows, from, to) = Files[ledger];
        var text = Header(ledger) + "\n" + string.Join("\n", rows) + "\n";
        return changed ? ReplaceOnce(text, from, to) : text;
    }

    private static string ReplaceOnce(string text, string from, string to)
    {
        var at = text.IndexOf(from, StringComparison.Ordinal);
        Assert.True(at >= 0, $"“{from}” not in the file");
        return string.Concat(text.AsSpan(0, at), to, text.AsSpan(at + from.Length));
    }

    public static TheoryData<DatabaseProvider, string> ProvidersAndLedgers()
    {
        var data = new TheoryData<DatabaseProvider, string>();
        foreach (var provider in Checkout.BothProviders)
        {
            foreach (var ledger in Files.Keys)
            {
                data.Add(provider, ledger);
            }
        }

        return data;
    }

    public static TheoryData<DatabaseProvider, string, bool> ReferenceRoundTrips()
    {
        var data = new TheoryData<DatabaseProvider, string, bool>();
        foreach (var provider in Checkout.BothProviders)
        {
            foreach (var ledger in Files.Keys)
            {
                data.Add(provider, ledger, true);
            }

            data.Add(provider, "talent", false);
            data.Add(provider, "trainings", false);
        }

        return data;
    }

    public static TheoryData<DatabaseProvider> Providers => Checkout.BothProviders;

    private static Task<int> StoredAsync(CounterpartDbContext ctx, string ledger) => ledger switch
    {
        "talent" => ctx.Rows<TalentAssignment>(Scope.Everything).CountAsync(Ct),
        "trainings" => ctx.Rows<TrainingSession>(Scope.Everything).CountAsync(Ct),
        "honors" => ctx.Rows<Honor>(Scope.Everything).CountAsync(Ct),
        _ => ctx.Rows<CaseStory>(Scope.Everything).CountAsync(Ct),
    };

    [Theory]
    [MemberData(nameof(ReferenceRoundTrips))]
    public async Task ExportThenDryRunImport_ReferenceRows_AreAllUnchanged(DatabaseProvider provider, string ledger, bool csv)
    {
        var reference = await databases.GetAsync(provider);
        await using var ctx = reference.NewContext();

        var (count, report) = await RoundTrip.ExportThenDryRunAsync(ctx, ledger, csv, unmasked: true, Ct);

        Assert.True(report.Status == ImportStatus.Validated, string.Join("；", report.Errors.Take(20).Select(e => $"{e.Row} {e.Column} {e.Value} {e.Reason}")));
        Assert.True(count > 0);
        Assert.Equal(await StoredAsync(ctx, ledger), count);
        Assert.Equal((0, 0, count), (report.Inserted, report.Updated, report.Unchanged));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ExportReferenceTalent_Masked_HoldsNoFullIdNumber(DatabaseProvider provider)
    {
        var reference = await databases.GetAsync(provider);
        await using var ctx = reference.NewContext();
        var masked = new MemoryStream();
        var unmasked = new MemoryStream();
        var exporter = new LedgerExporter(ctx, ReferenceDatabases.Protector);

        await exporter.ExportAsync("talent", masked, csv: true, Scope.Everything, 2000, 2100, unmasked: false, WriteContext.System("测试员"), Ct);
        await exporter.ExportAsync("talent", unmasked, csv: true, Scope.Everything, 2000, 2100, unmasked: true, WriteContext.System("测试员"), Ct);

        var first = Encoding.UTF8.GetString(unmasked.ToArray()).Split("\r\n")[1].Split(',')[1];
        Assert.True(ResidentId.Parse(first).IsValid);
        var text = Encoding.UTF8.GetString(masked.ToArray());
        Assert.DoesNotContain(first, text, StringComparison.Ordinal);
        Assert.Contains(first[..6] + "********" + first[^4..], text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("talent")]
    [InlineData("trainings")]
    [InlineData("honors")]
    [InlineData("cases")]
    public async Task Template_ExampleRow_IsAValidRowOfTheReferenceData(string ledger)
    {
        var reference = await databases.GetAsync(DatabaseProvider.Sqlite);
        await using var ctx = reference.NewContext();
        var importer = new LedgerImporter(ctx, ReferenceDatabases.Protector, new FixedClock(Services.Today));
        var csv = new MemoryStream();
        var xlsx = new MemoryStream();
        await TemplateWriter.WriteCsvAsync(LedgerCatalog.Get(ledger), csv, Ct);
        await TemplateWriter.WriteXlsxAsync(LedgerCatalog.Get(ledger), xlsx, Ct);

        foreach (var (file, name) in new[] { (csv, "模板.csv"), (xlsx, "模板.xlsx") })
        {
            var report = await importer.ImportAsync(new MemoryStream(file.ToArray()), name, ledger, new ImportOptions("测试员", DryRun: true), null, Ct);
            Assert.True(report.Status == ImportStatus.Validated, name + "：" + Explain(report));
            Assert.Equal(1, report.RowsRead);
        }
    }

    private static async Task<(TestDatabase Db, CounterpartDbContext Ctx, LedgerImporter Importer)> ArrangeAsync(DatabaseProvider provider)
    {
        var db = await TestDatabase.CreateAsync(provider);
        var ctx = db.NewContext();
        var t = await TestTree.CreateAsync(ctx);
        await new LedgerWriter(ctx).WriteAsync(WriteContext.System("test"), async (d, c) =>
        {
            var units = new[]
            {
                (new Organization { Code = "440112-A01", Name = "黄埔区农业农村局", Kind = OrgKind.Agency, ParentId = t.Huangpu.Id }, t.Huangpu),
                (new Organization { Code = "440112-S01", Name = "广州市黄埔区香雪中学", Kind = OrgKind.School, ParentId = t.Huangpu.Id }, t.Huangpu),
                (new Organization { Code = "522726-S01", Name = "独山县第一小学", Kind = OrgKind.School, ParentId = t.Dushan.Id }, t.Dushan),
                (new Organization { Code = "522726-S02", Name = "独山县第二小学", Kind = OrgKind.School, ParentId = t.Dushan.Id }, t.Dushan),
                (new Organization { Code = "522726-L01", Name = "独山县驻广州黄埔劳务协作工作站", Kind = OrgKind.LaborStation, ParentId = t.Dushan.Id }, t.Dushan),
            };
            d.AddRange(units.Select(u => u.Item1));
            await d.SaveChangesAsync(c);
            foreach (var (unit, parent) in units)
            {
                OrganizationTree.AssignPath(unit, parent);
            }
        }, Ct);
        ctx.ChangeTracker.Clear();
        return (db, ctx, new LedgerImporter(ctx, ReferenceDatabases.Protector, new FixedClock(Services.Today)));
    }

    private static Task<ImportReport> Import(LedgerImporter importer, string ledger, string csv) =>
        importer.ImportAsync(new MemoryStream(Encoding.UTF8.GetBytes(csv)), ledger + ".csv", ledger, new ImportOptions("测试员"), null, Ct);

    private static string Explain(ImportReport report) => string.Join("；", report.Errors.Select(e => $"{e.Row} {e.Column} {e.Value} {e.Reason}"));

    [Theory]
    [MemberData(nameof(ProvidersAndLedgers))]
    public async Task Import_AgainChangedThenUndone_InsertsOnceUpdatesOneAndRestores(DatabaseProvider provider, string ledger)
    {
        var (db, ctx, importer) = await ArrangeAsync(provider);
        await using var _ = db;
        await using var __ = ctx;
        var rows = Files[ledger].Rows.Length;

        var first = await Import(importer, ledger, FileOf(ledger));
        Assert.True(first.Status == ImportStatus.Committed, Explain(first));
        Assert.Equal((rows, 0, 0), (first.Inserted, first.Updated, first.Unchanged));
        var before = await ExportAsync(ctx, ledger);

        var again = await Import(importer, ledger, FileOf(ledger));
        Assert.Equal((0, 0, rows), (again.Inserted, again.Updated, again.Unchanged));

        var changed = await Import(importer, ledger, FileOf(ledger, changed: true));
        Assert.True(changed.Status == ImportStatus.Committed, Explain(changed));
        Assert.Equal((0, 1, rows - 1), (changed.Inserted, changed.Updated, changed.Unchanged));
        Assert.Equal(rows, await StoredAsync(ctx, ledger));
        Assert.Contains(Files[ledger].To, await ExportAsync(ctx, ledger), StringComparison.Ordinal);

        await importer.UndoAsync(changed.BatchId!.Value, "测试员", Ct);
        Assert.Equal(before, await ExportAsync(ctx, ledger));

        await importer.UndoAsync(first.BatchId!.Value, "测试员", Ct);
        Assert.Equal(0, await StoredAsync(ctx, ledger));
    }

    private static async Task<string> ExportAsync(CounterpartDbContext ctx, string ledger, bool csv = true)
    {
        var output = new MemoryStream();
        await new LedgerExporter(ctx, ReferenceDatabases.Protector).ExportAsync(ledger, output, csv, Scope.Everything, 2000, 2100, unmasked: true, WriteContext.System("测试员"), Ct);
        return Encoding.UTF8.GetString(output.ToArray());
    }

    [Theory]
    [MemberData(nameof(ProvidersAndLedgers))]
    public async Task Export_ThenCommittedImport_ChangesNothing(DatabaseProvider provider, string ledger)
    {
        var (db, ctx, importer) = await ArrangeAsync(provider);
        await using var _ = db;
        await using var __ = ctx;
        await Import(importer, ledger, FileOf(ledger));
        var xlsx = new MemoryStream();
        var count = await new LedgerExporter(ctx, ReferenceDatabases.Protector).ExportAsync(ledger, xlsx, csv: false, Scope.Everything, 2000, 2100, unmasked: true, WriteContext.System("测试员"), Ct);

        var fromCsv = await Import(importer, ledger, await ExportAsync(ctx, ledger));
        var fromXlsx = await importer.ImportAsync(new MemoryStream(xlsx.ToArray()), "导出.xlsx", ledger, new ImportOptions("测试员"), null, Ct);

        Assert.Equal(Files[ledger].Rows.Length, count);
        Assert.True(fromCsv.Status == ImportStatus.Committed, Explain(fromCsv));
        Assert.True(fromXlsx.Status == ImportStatus.Committed, Explain(fromXlsx));
        Assert.Equal((0, 0, count), (fromCsv.Inserted, fromCsv.Updated, fromCsv.Unchanged));
        Assert.Equal((0, 0, count), (fromXlsx.Inserted, fromXlsx.Updated, fromXlsx.Unchanged));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ImportTalent_PersonsByNumberOrByNameAndEastUnit_AreRegisteredOnceAndProtected(DatabaseProvider provider)
    {
        var (db, ctx, importer) = await ArrangeAsync(provider);
        await using var _ = db;
        await using var __ = ctx;

        await Import(importer, "talent", FileOf("talent"));
        // The teacher without a number comes back for a second stay with the same eastern school: the same person.
        var second = await Import(importer, "talent", Header("talent") + "\n李春燕,,女,教师,跟岗学习,西→东,440112-S01,522726-S02,2025-03-01,2025-04-10,跟岗学习,522726\n");
        // A namesake with another eastern unit is another person.
        var namesake = await Import(importer, "talent", Header("talent") + "\n李春燕,,女,教师,跟岗学习,西→东,440112-A01,522726-S02,2025-03-01,2025-04-10,跟岗学习,522726\n");
        // Given without her number, the teacher known by number is still found by name and eastern school.
        var third = await Import(importer, "talent", Header("talent") + "\n陈静,,,教师,支教,东→西,440112-S01,522726-S01,2025-09-01,,支教,440112\n");

        Assert.Equal((ImportStatus.Committed, 1), (second.Status, second.Inserted));
        Assert.Equal((ImportStatus.Committed, 1), (namesake.Status, namesake.Inserted));
        Assert.Equal((ImportStatus.Committed, 1), (third.Status, third.Inserted));
        var persons = await ctx.Rows<TalentPerson>(Scope.Everything).OrderBy(p => p.Id).ToListAsync(Ct);
        Assert.Equal(["张晓东", "李春燕", "陈静", "李春燕"], persons.Select(p => p.Name));
        Assert.Null(persons[1].IdNumber);
        Assert.Equal(Gender.Female, persons[1].Gender);
        Assert.Equal(IdA, ReferenceDatabases.Protector.Decrypt(persons[0].IdNumber!.Cipher));
        Assert.Equal(7, await StoredAsync(ctx, "talent"));
        var post = await ctx.Rows<TalentAssignment>(Scope.Everything).Where(a => a.Category == AssignmentCategory.Teaching).Select(a => a.Post).FirstAsync(Ct);
        Assert.Equal("（支教）数学教师", post);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ImportTalent_NoNumberForANameTwoPersonsShareAtTheEastUnit_IsARowErrorOnTheNumberAndSavesNothing(DatabaseProvider provider)
    {
        var (db, ctx, importer) = await ArrangeAsync(provider);
        await using var _ = db;
        await using var __ = ctx;
        // Two teachers named 陈静, told apart by their numbers, both taught for the same eastern school.
        var namesakes = await Import(importer, "talent", FileOf("talent")
            + $"陈静,{ResidentId.Create("440112", new DateOnly(1992, 3, 3), 358)},女,教师,支教,东→西,440112-S01,522726-S02,2024-09-01,2025-01-20,语文教师,440112\n");
        Assert.True(namesakes.Status == ImportStatus.Committed, Explain(namesakes));
        var before = (await StoredAsync(ctx, "talent"), await ctx.Rows<TalentPerson>(Scope.Everything).CountAsync(Ct), await ctx.Rows<ImportBatch>(Scope.Everything).CountAsync(Ct));

        var report = await Import(importer, "talent", Header("talent") + "\n"
            + "李春燕,,女,教师,跟岗学习,西→东,440112-S01,522726-S02,2025-03-01,2025-04-10,跟岗学习,522726\n"
            + "陈静,,女,教师,支教,东→西,440112-S01,522726-S01,2025-09-01,,支教,440112\n"
            + "陈静,,女,教师,支教,东→西,440112-A01,522726-S01,2025-09-01,,支教,440112\n");

        Assert.Equal((ImportStatus.Rejected, 1), (report.Status, report.Rejected));
        var error = Assert.Single(report.Errors);
        Assert.Equal((3, "身份证号", "", "必填项为空"), (error.Row, error.Column, error.Value, error.Kind));
        Assert.Contains("在“广州市黄埔区香雪中学”交流过的人员中已有 2 人叫“陈静”，无法确定是哪一位；请填写此人的身份证号", error.Reason, StringComparison.Ordinal);
        Assert.Equal(before, (await StoredAsync(ctx, "talent"), await ctx.Rows<TalentPerson>(Scope.Everything).CountAsync(Ct), await ctx.Rows<ImportBatch>(Scope.Everything).CountAsync(Ct)));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ImportTrainings_TitleTypedHalfWidth_MatchesTheSameSessionAndKeepsWhatWasTyped(DatabaseProvider provider)
    {
        var (db, ctx, importer) = await ArrangeAsync(provider);
        await using var _ = db;
        await using var __ = ctx;
        await Import(importer, "trainings", FileOf("trainings"));

        var retyped = await Import(importer, "trainings", FileOf("trainings").Replace("（第1期）", "(第1期)", StringComparison.Ordinal));

        Assert.Equal((0, 1, 2), (retyped.Inserted, retyped.Updated, retyped.Unchanged));
        var titles = await ctx.Rows<TrainingSession>(Scope.Everything).OrderBy(t => t.Id).Select(t => t.Title).ToListAsync(Ct);
        Assert.Equal(["电工定制化培训班(第1期)", "班主任能力提升培训", "农村实用技术培训"], titles);
        var oneDay = await ctx.Rows<TrainingSession>(Scope.Everything).SingleAsync(t => t.Title == "班主任能力提升培训", Ct);
        Assert.Equal(oneDay.StartDate, oneDay.EndDate);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ImportCases_PhotosAndProse_AreStoredAsTyped(DatabaseProvider provider)
    {
        var (db, ctx, importer) = await ArrangeAsync(provider);
        await using var _ = db;
        await using var __ = ctx;

        await Import(importer, "cases", FileOf("cases"));

        var story = await ctx.Rows<CaseStory>(Scope.Everything).OrderBy(c => c.Id).FirstAsync(Ct);
        Assert.Equal(("车间.jpg;群众.png", "社区车间承接东部订单，搬迁群众在楼下上班。"), (story.PhotoPaths, story.Summary));
    }

    /// <summary>The importer may hand a file's rows to the ledger in several chunks; later chunks must find what earlier ones wrote.</summary>
    [Theory]
    [MemberData(nameof(ProvidersAndLedgers))]
    public async Task Apply_InTwoChunks_FindsWhatTheFirstChunkWrote(DatabaseProvider provider, string ledger)
    {
        var (db, ctx, _) = await ArrangeAsync(provider);
        await using var _db = db;
        await using var __ = ctx;
        var definition = LedgerCatalog.Get(ledger);
        var orgs = await OrgDirectory.LoadAsync(ctx, Ct);
        var today = DateOnly.FromDateTime(Services.Today.DateTime);
        var rows = new List<RowValues>();
        // The whole file twice over: the second half must find every row the first half inserted.
        var text = FileOf(ledger) + string.Join("\n", Files[ledger].Rows) + "\n";
        using (var reader = TableFile.Open(new MemoryStream(Encoding.UTF8.GetBytes(text)), "chunks.csv"))
        {
            var map = HeaderMap.Build(reader.Header, definition.Columns, [], []);
            foreach (var row in reader.Rows())
            {
                var values = RowValues.Read(row, map, definition.Columns, orgs, today);
                LedgerCatalog.Get(ledger).Check(values, orgs, today);
                Assert.True(values.Ok, string.Join("；", values.Errors.Select(e => e.Reason)));
                rows.Add(values);
            }
        }

        var context = new ImportApplyContext(ctx, ReferenceDatabases.Protector, orgs, today);
        var half = rows.Count / 2;
        await new LedgerWriter(ctx).WriteAsync(WriteContext.System("test"), async (d, c) =>
        {
            foreach (var chunk in new[] { rows[..half], rows[half..] })
            {
                // As the importer does: the stored-data rules first, seeing what the first chunk wrote.
                await definition.CheckStoredAsync(context, chunk, c);
                Assert.All(chunk, r => Assert.True(r.Ok, string.Join("；", r.Errors.Select(e => e.Reason))));
                await definition.ApplyAsync(context, chunk, c);
                await d.SaveChangesAsync(c);
            }
        }, Ct);

        var unique = Files[ledger].Rows.Length;
        Assert.Equal((unique, 0, unique), (context.Inserted, context.Updated, context.Unchanged));
        Assert.Equal(unique, await StoredAsync(ctx, ledger));
        if (ledger == "talent")
        {
            Assert.Equal(3, await ctx.Rows<TalentPerson>(Scope.Everything).CountAsync(Ct));
        }
    }
}
