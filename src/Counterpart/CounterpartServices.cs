using Counterpart.Data;
using Counterpart.Indicators;
using Counterpart.Inspections;
using Counterpart.People;
using Counterpart.ReferenceData;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
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
        services.AddDbContext<CounterpartDbContext>(settings.Configure);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton((configuration.GetSection("Counterpart:CountingRules").Get<CountingRules>() ?? CountingRules.Default).Validated());
        services.AddSingleton(_ => new PersonalDataProtector(PersonalDataProtector.LoadOrCreateKey(
            configuration["Counterpart:PersonalDataKey"], configuration["Counterpart:KeyFile"] ?? Path.Combine(dataDirectory, "keys", "personal-data.key"))));
        services.AddScoped<LedgerWriter>();
        services.AddScoped<IndicatorService>();
        services.AddScoped<Ledgers.LedgerImporter>();
        services.AddScoped<Ledgers.LedgerExporter>();
        // Uploads up to the import file limit (the default multipart limit is lower).
        services.Configure<Microsoft.AspNetCore.Http.Features.FormOptions>(o => o.MultipartBodyLengthLimit = Ledgers.Files.FileLimits.Default.MaxFileBytes + 1024 * 1024);
        return services;
    }

    /// <summary>Applies migrations and, when the database is empty and seeding is on, loads the reference dataset.</summary>
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

        await db.MigrateAsync(ct);
        await BuiltInChecklists.EnsureAsync(db, ct);
        // Before seeding, so that the reference data is summarised as it is written, like any import.
        if (await Indicators.Facts.FactMaintainer.EnsureBuiltAsync(db, scope.ServiceProvider.GetRequiredService<CountingRules>(), ct))
        {
            logger.LogInformation("Indicator summaries built from the ledgers under the configured counting rules.");
        }
        if (seedReferenceData && await ReferenceDataset.LoadIfEmptyAsync(db, scope.ServiceProvider.GetRequiredService<PersonalDataProtector>(), ct))
        {
            logger.LogInformation("Loaded the reference dataset (黄埔区 → 独山县, 2021–2025).");
        }
    }
}
