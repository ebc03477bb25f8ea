using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using Counterpart.Audit;
using Counterpart.Data;
using Counterpart.People;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Counterpart.Operations;

/// <summary>What a backup holds, read from the backup itself (SQLite) or from the snapshot it was dumped from (PostgreSQL).</summary>
public sealed record BackupContents(string? KeyId, long LastAuditSeq, string? LastAuditHash);

public sealed record BackupResult(string File, long Bytes, string Sha256, string Database, BackupContents Contents);

public sealed record RestoreResult(string File, string Sha256, string Database, string? KeyId, string? SetAside, long AuditSeqBeforeRestoreEntry, AuditVerification Chain);

/// <summary>
/// Backup and restore of the whole database (ADR 17). SQLite: SQLite's online backup — a consistent snapshot while the
/// site runs; restore through the same API into a database no other process has open. PostgreSQL: <c>pg_dump</c> in its
/// custom format from an exported snapshot (so the recorded contents are exactly the dump's), and <c>pg_restore</c> in
/// one transaction into an empty database — the audit trail's triggers are created after its rows are loaded, so they
/// refuse nothing. The personal-data key is never put in a backup: a backup records the key's id, and a restore refuses
/// to run under another key. Each backup is recorded in the audit trail of the database it copies; each restore, after
/// it, in the restored database — whose hash chain is then verified.
/// </summary>
public static partial class DatabaseBackup
{
    public static async Task<BackupResult> BackupAsync(IServiceProvider services, string file, string actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(file);
        var settings = services.GetRequiredService<DatabaseSettings>();
        var target = Path.GetFullPath(file);
        if (File.Exists(target))
        {
            throw new DomainException($"备份文件 {target} 已存在：备份不覆盖已有文件，请换一个文件名（例如带上日期）。");
        }

        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var partial = target + ".partial";
        File.Delete(partial);
        CreateOwnerOnly(partial);
        BackupContents contents;
        try
        {
            contents = settings.Provider == DatabaseProvider.Postgres
                ? await PostgresBackupAsync(settings, Tools(services), partial, ct)
                : SqliteBackup(settings, partial);
            File.Move(partial, target);
        }
        finally
        {
            File.Delete(partial);
        }

        var (bytes, sha) = await HashAsync(target, ct);
        await RecordAsync(services, actor, string.Create(CultureInfo.InvariantCulture,
            $"备份到 {target}（{bytes} 字节，SHA-256 {sha}）；含审计记录至第 {contents.LastAuditSeq} 条；个人信息密钥 {contents.KeyId ?? "（未记录）"}，不在备份中"), ct);
        return new BackupResult(target, bytes, sha, settings.Describe(), contents);
    }

    /// <summary>How long the backup's audit entry waits for a write that holds SQLite's one write lock (a large import).</summary>
    private static readonly TimeSpan RecordPatience = TimeSpan.FromMinutes(15);

    /// <summary>
    /// Records a backup in the database it copied. The copy never waits for writers, but this entry is a write: on SQLite
    /// it waits for an import in progress to commit (its transaction holds the one write lock longer than the 5 s busy
    /// timeout), trying again every few seconds.
    /// </summary>
    private static async Task RecordAsync(IServiceProvider services, string actor, string detail, CancellationToken ct)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        while (true)
        {
            try
            {
                await using var scope = services.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<CounterpartDbContext>();
                await new LedgerWriter(db).WriteAsync(WriteContext.System(actor) with { AuditEachRow = false, From = "cli" }, (d, _) =>
                {
                    AuditTrail.Add(d, AuditAction.BackedUp, detail: detail);
                    return Task.CompletedTask;
                }, ct);
                return;
            }
            catch (Exception e) when (IsBusy(e) && System.Diagnostics.Stopwatch.GetElapsedTime(started) < RecordPatience)
            {
                await Task.Delay(TimeSpan.FromSeconds(3), ct);
            }
        }
    }

    private static bool IsBusy(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is SqliteException { SqliteErrorCode: 5 or 6 })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Replaces the configured database with a backup's contents. Refuses — changing nothing — when the backup's
    /// personal-data key is not this host's, when another process has the database open (the site must be stopped),
    /// or when the database holds data and <paramref name="replace"/> is not set; with it, the old database is first set
    /// aside (a SQLite copy beside the file, a renamed PostgreSQL database). Afterwards the database is migrated and
    /// checked as at a start, the restore is recorded in it, and its audit chain is verified.
    /// </summary>
    public static async Task<RestoreResult> RestoreAsync(IServiceProvider services, string file, bool replace, string actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(file);
        var settings = services.GetRequiredService<DatabaseSettings>();
        var clock = services.GetRequiredService<TimeProvider>();
        var source = Path.GetFullPath(file);
        if (!File.Exists(source))
        {
            throw new DomainException($"备份文件 {source} 不存在。");
        }

        var (bytes, sha) = await HashAsync(source, ct);
        string? keyId;
        string? setAside;
        if (settings.Provider == DatabaseProvider.Postgres)
        {
            var tools = Tools(services);
            keyId = await PostgresArchiveKeyIdAsync(tools, settings, source, ct);
            CheckKey(keyId, services.GetRequiredService<PersonalDataKeySource>());
            setAside = await PostgresRestoreAsync(tools, settings, source, replace, clock, ct);
        }
        else
        {
            keyId = SqliteBackupFile(source).KeyId;
            CheckKey(keyId, services.GetRequiredService<PersonalDataKeySource>());
            setAside = SqliteRestore(settings, source, replace, clock);
        }

        // The restored database as the site will find it: migrated (a backup of an older version), key checked, summaries built.
        await services.InitializeDatabaseAsync(seedReferenceData: false, ct);
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CounterpartDbContext>();
        var last = await db.AuditRecords.OrderByDescending(a => a.Seq).Select(a => new { a.Seq, a.Hash }).FirstOrDefaultAsync(ct);
        await new LedgerWriter(db).WriteAsync(WriteContext.System(actor) with { AuditEachRow = false, From = "cli" }, (d, _) =>
        {
            var aside = setAside is null ? "" : $"；原数据库另存为 {setAside}";
            AuditTrail.Add(d, AuditAction.Restored, detail: string.Create(CultureInfo.InvariantCulture,
                $"从备份 {source}（{bytes} 字节，SHA-256 {sha}）恢复；恢复后审计记录至第 {last?.Seq ?? 0} 条（哈希 {last?.Hash ?? "—"}）；个人信息密钥 {keyId ?? "（备份中未记录）"}{aside}"));
            return Task.CompletedTask;
        }, ct);
        var chain = await AuditTrail.VerifyAsync(db, ct);
        return new RestoreResult(source, sha, settings.Describe(), keyId, setAside, last?.Seq ?? 0, chain);
    }

    private static PostgresTools Tools(IServiceProvider services) =>
        PostgresTools.Find(services.GetRequiredService<IConfiguration>()["Counterpart:Postgres:BinDirectory"]);

    /// <summary>Refuses a restore whose stored numbers this host could not read (or would no longer de-duplicate).</summary>
    private static void CheckKey(string? backupKeyId, PersonalDataKeySource keys)
    {
        if (backupKeyId is null)
        {
            return; // nothing encrypted yet: the key is recorded at the first start after the restore
        }

        var where = keys.ConfiguredKey is not null ? "配置项 Counterpart:PersonalDataKey" : $"密钥文件 {keys.KeyFile}";
        var current = PersonalDataKeys.ExistingKeyId(keys);
        if (current is null)
        {
            throw new DomainException($"找不到个人信息密钥：{where} 不存在。备份中的身份证号和电话是用密钥 {backupKeyId} 加密的，密钥不在备份文件里；"
                + "请先把备份时另行保存的密钥文件放回该位置（或配置 Counterpart:PersonalDataKey），再恢复。数据库未做任何改动。");
        }

        if (current != backupKeyId)
        {
            throw new DomainException($"个人信息密钥与备份不符：备份中的身份证号和电话是用密钥 {backupKeyId} 加密的，本机的密钥（{where}）是 {current}。"
                + "请先把与这份备份配套的密钥放回，再恢复；否则恢复后的号码无法解密，新导入的人员也无法与已有人员去重。数据库未做任何改动。");
        }
    }

    private static BackupContents Contents(DbConnection connection, Func<DbConnection, string, bool> hasTable)
    {
        var keyId = hasTable(connection, "PersonalDataKeyStates") ? Scalar(connection, "SELECT \"KeyId\" FROM \"PersonalDataKeyStates\" LIMIT 1;") as string : null;
        if (!hasTable(connection, "AuditRecords"))
        {
            return new BackupContents(keyId, 0, null);
        }

        using var command = connection.CreateCommand();
        command.CommandText = "SELECT \"Seq\", \"Hash\" FROM \"AuditRecords\" ORDER BY \"Seq\" DESC LIMIT 1;";
        using var reader = command.ExecuteReader();
        return reader.Read() ? new BackupContents(keyId, reader.GetInt64(0), reader.GetString(1)) : new BackupContents(keyId, 0, null);
    }

    private static object? Scalar(DbConnection connection, string sql, string? parameter = null)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        if (parameter is not null)
        {
            var p = command.CreateParameter();
            p.ParameterName = "p";
            p.Value = parameter;
            command.Parameters.Add(p);
        }

        var value = command.ExecuteScalar();
        return value is DBNull ? null : value;
    }

    private static void Execute(DbConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static async Task<(long Bytes, string Sha256)> HashAsync(string file, CancellationToken ct)
    {
        await using var stream = File.OpenRead(file);
        var hash = await SHA256.HashDataAsync(stream, ct);
        return (stream.Length, Convert.ToHexStringLower(hash));
    }

    private static string Stamp(TimeProvider clock) => clock.GetUtcNow().ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);

    /// <summary>An empty file readable by its owner only, for a copy of the data to be written into (never briefly world-readable).</summary>
    private static void CreateOwnerOnly(string path)
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var _ = new FileStream(path, options);
    }
}
