using Counterpart.Accounts;
using Counterpart.Data;
using Counterpart.Indicators;
using Counterpart.Inspections;
using Counterpart.Nodes;
using Counterpart.People;
using Counterpart.ReferenceData;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Counterpart;

/// <summary>Registers the feature library for a host (web or CLI) from configuration.</summary>
public static class CounterpartServices
{
    public static IServiceCollection AddCounterpart(this IServiceCollection services, IConfiguration configuration)
    {
        var dataDirectory = DataPaths.Directory(configuration["Counterpart:DataDirectory"]);
        var settings = DatabaseSettings.From(configuration.GetConnectionString("Counterpart"), configuration["Counterpart:Database:Provider"], dataDirectory);
        services.AddSingleton(settings);
        services.TryAddSingleton(configuration);
        services.AddDbContext<CounterpartDbContext>(settings.Configure);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton((configuration.GetSection("Counterpart:CountingRules").Get<CountingRules>() ?? CountingRules.Default).Validated());
        services.AddSingleton(new PersonalDataKeySource(
            configuration["Counterpart:PersonalDataKey"] is { Length: > 0 } configured ? configured : null,
            configuration["Counterpart:KeyFile"] ?? Path.Combine(dataDirectory, "keys", "personal-data.key")));
        services.AddSingleton(sp => new PersonalDataProtector(sp.GetRequiredService<PersonalDataKeySource>().Load()));
        services.AddCounterpartAccounts();
        // Cookies, antiforgery tokens and Blazor's protected state must open on every web node: one key ring, in the database.
        services.AddKeyRing(settings);
        services.AddScoped<LedgerWriter>();
        // Summaries computed at the current data version are reused on this node (see SummaryCache); 0 turns it off.
        var summaryCacheEntries = configuration.GetValue("Counterpart:SummaryCacheEntries", 2_000);
        if (summaryCacheEntries > 0)
        {
            services.AddSingleton(new Indicators.SummaryCache(summaryCacheEntries));
        }

        services.AddScoped<IndicatorService>();
        services.AddScoped<Ledgers.LedgerImporter>();
        services.AddScoped<Ledgers.LedgerExporter>();
        services.AddScoped<Ledgers.LedgerRecords>();
        services.AddScoped<Attachments.AttachmentStore>();
        services.AddScoped<Review.ReviewActions>();
        services.AddSingleton((configuration.GetSection("Counterpart:Targets").Get<Agreements.TargetThresholds>() ?? Agreements.TargetThresholds.Default).Validated());
        services.AddScoped<Agreements.TargetTracking>();
        services.AddScoped<Evaluation.EvaluationViews>();
        services.AddSingleton(configuration.GetSection("Counterpart:Quality").Get<Quality.QualitySettings>() ?? Quality.QualitySettings.Default);
        services.AddScoped<Quality.QualityChecks>();
        // The font is looked up once per process (fontconfig); the charts are drawn per report.
        services.AddSingleton(_ => Reports.ReportCharts.FromSystemFonts());
        services.AddScoped<Quality.ImportQualityCheck>();
        services.AddScoped<Reports.PairingReview>();
        services.AddScoped<Reports.StatisticalTables>();
        services.AddScoped<Reconciliation.FlowReconciliation>();
        services.AddScoped<Monitoring.MonitoringCrossCheck>();
        // Uploads up to the import file limit (the default multipart limit is lower).
        services.Configure<Microsoft.AspNetCore.Http.Features.FormOptions>(o => o.MultipartBodyLengthLimit = Ledgers.Files.FileLimits.Default.MaxFileBytes + 1024 * 1024);
        return services;
    }

    /// <summary>
    /// Before anything is encrypted or decrypted: the personal-data key must be the one the stored numbers are under (a
    /// rotation interrupted after its commit is finished here). Part of <see cref="InitializeDatabaseAsync"/>; commands
    /// that read personal data without initializing the database call it themselves.
    /// </summary>
    public static async Task CheckPersonalDataKeyAsync(this IServiceProvider services, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        await PersonalDataKeys.CheckAsync(scope.ServiceProvider.GetRequiredService<CounterpartDbContext>(), services.GetRequiredService<PersonalDataKeySource>(),
            services.GetRequiredService<TimeProvider>(), ct);
    }

    /// <summary>
    /// Applies migrations and, when the database is empty and seeding is on, loads the reference dataset — with the rest of
    /// the start-up work, on one node at a time (<see cref="NodeLock"/>): a second node starting beside the first waits,
    /// then finds everything done.
    /// </summary>
    public static async Task InitializeDatabaseAsync(this IServiceProvider services, bool seedReferenceData, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CounterpartDbContext>();
        var logger = scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger("Counterpart.Startup");
        var settings = scope.ServiceProvider.GetRequiredService<DatabaseSettings>();
        if (logger.IsEnabled(LogLevel.Information))
        {
            logger.LogInformation("Database: {Database}", settings.Describe());
        }

        await using var held = await NodeLock.AcquireAsync(settings, logger, ct);
        await db.MigrateAsync(ct);
        await services.CheckPersonalDataKeyAsync(ct);
        await BuiltInChecklists.EnsureAsync(db, ct);
        var accounts = scope.ServiceProvider.GetRequiredService<Accounts.AccountAdmin>();
        await accounts.EnsureRolesAsync(ct);
        if (await accounts.EnsureAdministratorAsync(scope.ServiceProvider.GetRequiredService<IConfiguration>()["Counterpart:AdminPassword"], ct) is { } password)
        {
            // Shown once on the console, never logged: the operator signs in with it and changes it.
            Console.WriteLine($"已创建系统管理员账号 admin，初始密码：{password}（只显示这一次，请登录后立即修改）");
        }
        // Before seeding, so that the reference data is summarised as it is written, like any import.
        if (await Indicators.Facts.FactMaintainer.EnsureBuiltAsync(db, scope.ServiceProvider.GetRequiredService<CountingRules>(), ct))
        {
            logger.LogInformation("Indicator summaries built from the ledgers under the configured counting rules.");
        }
        if (seedReferenceData && await ReferenceDataset.LoadIfEmptyAsync(db, scope.ServiceProvider.GetRequiredService<PersonalDataProtector>(), ct))
        {
            logger.LogInformation("Loaded the reference dataset (黄埔区 → 独山县, 2021–2025).");
            // Accounts to look at the reference data with: random passwords, shown once (no account has a known password).
            foreach (var (name, display, role, org) in new[]
            {
                ("dushan.clerk", "独山县 录入员（示例）", Roles.Clerk, ReferenceDataset.WestCode),
                ("huangpu.viewer", "黄埔区 查阅员（示例）", Roles.Viewer, ReferenceDataset.EastCode),
            })
            {
                var (_, initial) = await accounts.CreateAsync(WriteContext.System("system"), name, display, role, org, null, ct);
                Console.WriteLine($"已创建示例账号 {name}（{Roles.NameZh(role)}），初始密码：{initial}（只显示这一次）");
            }
        }

        if (await KeyRing.EnsureKeyAsync(services, ct) is { } key && logger.IsEnabled(LogLevel.Information))
        {
            logger.LogInformation("Created data-protection key {KeyId}, in force from {Activation:u}.", key.KeyId, key.ActivationDate);
        }
    }
}
