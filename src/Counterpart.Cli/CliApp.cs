using Spectre.Console.Cli;

namespace Counterpart.Cli;

/// <summary>The command tree, built in one place so that tests run the same commands as the console.</summary>
public static class CliApp
{
    public static CommandApp Create()
    {
        var app = new CommandApp();
        app.Configure(config =>
        {
            config.SetApplicationName("counterpart");
            // A broken rule (a wrong personal-data key at start, an unknown ledger …) is a message for the operator, not a crash.
            config.SetExceptionHandler((e, _) =>
            {
                if (e is Data.DomainException domain)
                {
                    Spectre.Console.AnsiConsole.MarkupLine($"[red]{Spectre.Console.Markup.Escape(domain.Message)}[/]");
                    return 1;
                }

                Spectre.Console.AnsiConsole.WriteException(e);
                return -1;
            });
            config.AddBranch("db", db =>
            {
                db.SetDescription("Database maintenance.");
                db.AddCommand<MigrateCommand>("migrate").WithDescription("Apply all migrations to the configured database.");
                db.AddCommand<BackupCommand>("backup")
                    .WithDescription("Write a consistent backup of the whole database while the site runs (SQLite online backup; PostgreSQL pg_dump custom format). The personal-data key is not in it: back the key up separately.")
                    .WithExample("db", "backup", "/var/backups/counterpart/counterpart-20261130.db");
                db.AddCommand<RestoreCommand>("restore")
                    .WithDescription("Replace the database with a backup (stop the site first). Refuses under another personal-data key, while the database is in use, or over data without --replace.")
                    .WithExample("db", "restore", "/var/backups/counterpart/counterpart-20261130.db", "--replace");
            });
            config.AddBranch("seed", seed =>
            {
                seed.SetDescription("Load data.");
                seed.AddCommand<SeedReferenceCommand>("reference").WithDescription("Load the Huangpu → Dushan 2021–2025 reference dataset into an empty database.");
            });
            config.AddBranch("keys", keys =>
            {
                keys.SetDescription("The personal-data key.");
                keys.AddCommand<RotateKeyCommand>("rotate")
                    .WithDescription("Re-encrypt every ID and phone number under a new key in one transaction, then retire the old key file (stop the web application first).");
            });
            config.AddBranch("users", users =>
            {
                users.SetDescription("Accounts: create, reset passwords, disable, grant roles.");
                users.AddCommand<CreateUserCommand>("create").WithDescription("Create an account with one role; prints a random initial password once.")
                    .WithExample("users", "create", "dushan.wang", "--role", "clerk", "--org", "522726", "--display", "独山县乡村振兴局 王芳");
                users.AddCommand<ResetPasswordCommand>("reset-password").WithDescription("Set a new random password (printed once) and end the account's sessions.");
                users.AddCommand<DisableUserCommand>("disable").WithDescription("Disable an account; its sessions end within a minute.");
                users.AddCommand<EnableUserCommand>("enable").WithDescription("Enable a disabled account.");
                users.AddCommand<GrantRoleCommand>("grant").WithDescription("Grant a role (no account holds two administrator roles).");
                users.AddCommand<PermitCommand>("permit").WithDescription("Grant a permission on top of the role (reveal-personal-data).");
            });
            config.AddCommand<ImportCommand>("import").WithDescription("Import an .xlsx or .csv file into a ledger, all or nothing (--dry-run saves nothing).")
                .WithExample("import", "就业台账.xlsx", "--ledger", "labor", "--dry-run");
            config.AddCommand<UndoImportCommand>("undo-import").WithDescription("Undo a committed import as a whole.");
            config.AddCommand<ExportCommand>("export").WithDescription("Export a ledger in its template's columns (.xlsx or .csv), by organization subtree and years.")
                .WithExample("export", "labor", "--org", "522726", "--from", "2023", "--to", "2023", "--format", "csv");
            config.AddCommand<TemplateCommand>("template").WithDescription("Write a ledger's template (.xlsx with notes and drop-downs, or .csv).")
                .WithExample("template", "labor", "--format", "xlsx");
            config.AddBranch("report", report =>
            {
                report.SetDescription("Reports written from the data.");
                report.AddCommand<FiveYearReportCommand>("five-year").WithDescription("The review of a pairing over the years as a Word document (.docx).")
                    .WithExample("report", "five-year", "--pairing", "440112:522726", "--output", "五年工作总结.docx");
                report.AddCommand<AnnualReportCommand>("annual").WithDescription("The annual report of a pairing for the year given by --from (.docx), with its targets against the actuals.")
                    .WithExample("report", "annual", "--pairing", "440112:522726", "--from", "2024");
                report.AddCommand<TablesReportCommand>("tables").WithDescription("The statistical workbook of a pairing (.xlsx): one sheet per area, plain values by year with units.")
                    .WithExample("report", "tables", "--pairing", "440112:522726", "--output", "统计表.xlsx");
            });
            config.AddBranch("crosscheck", crosscheck =>
            {
                crosscheck.SetDescription("Cross-checks against other systems' exports (nothing is changed or kept).");
                crosscheck.AddCommand<CrossCheckMonitoringCommand>("monitoring")
                    .WithDescription("Compare the person registry with an export of the national anti-poverty-relapse monitoring system (防返贫监测信息系统); list the mismatches.")
                    .WithExample("crosscheck", "monitoring", "监测对象.xlsx", "--org", "522726", "--output", "比对结果.xlsx");
            });
            config.AddCommand<TargetsCommand>("targets").WithDescription("A pairing's yearly targets against the actuals (completion, expected share, status), or the lagging targets of a year.")
                .WithExample("targets", "--pairing", "440112:522726", "--year", "2024")
                .WithExample("targets", "--year", "2026");
            config.AddCommand<SummaryCommand>("summary").WithDescription("Print every indicator of the catalog for a pairing or an organization subtree.")
                .WithExample("summary", "--pairing", "440112:522726", "--from", "2021", "--to", "2025")
                .WithExample("summary", "--org", "522700", "--from", "2023", "--format", "json");
        });
        return app;
    }
}
