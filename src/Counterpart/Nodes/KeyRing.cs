using System.Globalization;
using Counterpart.Audit;
using Counterpart.Data;
using Counterpart.People;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Counterpart.Nodes;

/// <summary>
/// The data-protection key ring (what protects sign-in and two-factor cookies, antiforgery tokens and Blazor's prerendered
/// component state) lives in the database, so every web node reads and writes the same keys under one application name.
/// The table belongs to <see cref="CounterpartDbContext"/>'s model (its migrations create it) but is written through
/// <see cref="KeyRingContext"/>, a context that sees nothing else: data protection saves a key on its own schedule, outside
/// any <see cref="LedgerWriter"/> write, and a key is not a ledger row to scope or audit row by row. Keys are encrypted at
/// rest under the personal-data key (<see cref="KeyRingEncryptor"/>); the keys created by <see cref="EnsureKeyAsync"/> are
/// audited (ADR 16).
/// </summary>
public static class KeyRing
{
    /// <summary>The application name every node protects under (the default, the content root's path, may differ per node).</summary>
    public const string ApplicationName = "Counterpart";

    /// <summary>A key that expires within this margin gets its successor now, days before any node would use it.</summary>
    internal static readonly TimeSpan SuccessorMargin = TimeSpan.FromDays(14);

    public static IServiceCollection AddKeyRing(this IServiceCollection services, DatabaseSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        services.AddDbContext<KeyRingContext>(settings.Configure);
        services.AddDataProtection().SetApplicationName(ApplicationName).PersistKeysToDbContext<KeyRingContext>();
        services.AddOptions<KeyManagementOptions>().Configure<PersonalDataKeySource>((o, source) => o.XmlEncryptor = new KeyRingEncryptor(source));
        return services;
    }

    /// <summary>
    /// Makes sure a key is in force now and, when it expires within <see cref="SuccessorMargin"/>, that its successor is
    /// stored (activated when it expires): nodes reload the key ring at least daily, so each knows a key before it is used,
    /// and data protection never has to create one in the middle of a request. Run under <see cref="NodeLock"/>, at start
    /// and twice a day (<see cref="KeyRingMaintenance"/>). Returns the key it created, if any.
    /// </summary>
    public static async Task<IKey?> EnsureKeyAsync(IServiceProvider services, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(services);
        var manager = services.GetRequiredService<IKeyManager>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var lifetime = services.GetRequiredService<IOptions<KeyManagementOptions>>().Value.NewKeyLifetime;
        var keys = manager.GetAllKeys().Where(k => !k.IsRevoked).ToList();
        var current = keys.Where(k => k.ActivationDate <= now && k.ExpirationDate > now).MaxBy(k => k.ExpirationDate);
        IKey created;
        if (current is null)
        {
            created = manager.CreateNewKey(now, now + lifetime);
        }
        else if (keys.Any(k => k.ActivationDate <= now + SuccessorMargin && k.ExpirationDate > now + SuccessorMargin))
        {
            return null;
        }
        else
        {
            created = manager.CreateNewKey(current.ExpirationDate, current.ExpirationDate + lifetime);
        }

        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CounterpartDbContext>();
        await new LedgerWriter(db).WriteAsync(WriteContext.System("system") with { AuditEachRow = false }, (d, _) =>
        {
            AuditTrail.Add(d, AuditAction.SettingChanged, "DataProtectionKey", null, string.Create(CultureInfo.InvariantCulture,
                $"新建数据保护密钥（登录会话、表单令牌）{created.KeyId}，{created.ActivationDate:yyyy-MM-dd HH:mm} 起用，{created.ExpirationDate:yyyy-MM-dd HH:mm} 到期（UTC）"));
            return Task.CompletedTask;
        }, ct);
        return created;
    }
}

/// <summary>The one table data protection reads and writes, and nothing else of the database.</summary>
internal sealed class KeyRingContext(DbContextOptions<KeyRingContext> options) : DbContext(options), IDataProtectionKeyContext
{
    public DbSet<DataProtectionKey> DataProtectionKeys { get; set; } = null!;

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        new DataProtectionKeyConfiguration().Configure(modelBuilder.Entity<DataProtectionKey>());
}

/// <summary>The key table, the same in both models: <see cref="CounterpartDbContext"/> (whose migrations create it) and <see cref="KeyRingContext"/>.</summary>
internal sealed class DataProtectionKeyConfiguration : IEntityTypeConfiguration<DataProtectionKey>
{
    public void Configure(EntityTypeBuilder<DataProtectionKey> builder)
    {
        builder.ToTable("DataProtectionKeys");
        builder.HasKey(k => k.Id);
        builder.Property(k => k.FriendlyName).HasMaxLength(100);
    }
}

/// <summary>
/// Twice a day, on one node at a time (the others skip while one holds <see cref="NodeLock"/>), makes sure the key ring
/// has its next key well before the current one expires.
/// </summary>
internal sealed class KeyRingMaintenance(IServiceProvider services, DatabaseSettings settings, TimeProvider clock, ILogger<KeyRingMaintenance> logger)
    : BackgroundService
{
    internal static readonly TimeSpan Interval = TimeSpan.FromHours(12);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(Interval, clock, stoppingToken);
                await using var held = await NodeLock.TryAcquireAsync(settings, stoppingToken);
                if (held is not null && await KeyRing.EnsureKeyAsync(services, stoppingToken) is { } key && logger.IsEnabled(LogLevel.Information))
                {
                    logger.LogInformation("Created data-protection key {KeyId}, in force from {Activation:u}.", key.KeyId, key.ActivationDate);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // A failed round (database unreachable) is logged and tried again in twelve hours; the node keeps serving.
            catch (Exception e)
#pragma warning restore CA1031
            {
                logger.LogError(e, "Could not check the data-protection key ring; trying again in {Interval}.", Interval);
            }
        }
    }
}
