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
using Npgsql;

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
public static class DatabaseBackup
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

    // ---- SQLite ----

    private static string SqlitePath(DatabaseSettings settings) =>
        Path.GetFullPath(new SqliteConnectionStringBuilder(settings.ConnectionString).DataSource);

    private static BackupContents SqliteBackup(DatabaseSettings settings, string partial)
    {
        var path = SqlitePath(settings);
        if (!File.Exists(path))
        {
            throw new DomainException($"数据库文件 {path} 不存在，没有可备份的内容。");
        }

        using var source = new SqliteConnection(new SqliteConnectionStringBuilder(settings.ConnectionString) { Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ToString());
        using var copy = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = partial, Pooling = false }.ToString());
        source.Open();
        copy.Open();
        Execute(source, "PRAGMA busy_timeout=30000;");
        // One step: SQLite reads the whole database in one read transaction — a consistent snapshot; in WAL mode the
        // site's writers go on meanwhile, and what they commit during the copy is not in it.
        source.BackupDatabase(copy);
        // One self-contained file (no -wal beside it).
        Execute(copy, "PRAGMA journal_mode=DELETE;");
        return Contents(copy, SqliteHasTable);
    }

    /// <summary>A backup file checked before anything is replaced: readable, intact, and a Counterpart database.</summary>
    private static BackupContents SqliteBackupFile(string file)
    {
        using var backup = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        try
        {
            backup.Open();
            var check = Scalar(backup, "PRAGMA quick_check;") as string;
            if (check != "ok")
            {
                throw new DomainException($"备份文件 {file} 已损坏（SQLite 检查：{check}）。数据库未做任何改动。");
            }

            if (!SqliteHasTable(backup, "__EFMigrationsHistory") || !SqliteHasTable(backup, "AuditRecords"))
            {
                throw new DomainException($"{file} 不是本系统的数据库备份。数据库未做任何改动。");
            }

            return Contents(backup, SqliteHasTable);
        }
        catch (SqliteException e)
        {
            throw new DomainException($"{file} 不是可读的 SQLite 数据库备份（{e.Message}）。数据库未做任何改动。");
        }
    }

    private static string? SqliteRestore(DatabaseSettings settings, string backupFile, bool replace, TimeProvider clock)
    {
        // This process's own idle connections would look like a running site.
        SqliteConnection.ClearAllPools();
        var path = SqlitePath(settings);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var target = new SqliteConnection(new SqliteConnectionStringBuilder(settings.ConnectionString) { Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false }.ToString());
        target.Open();
        // Exclusive locking mode keeps the lock from the first write transaction until the connection closes. Any other
        // connection to the database — the site keeps one open for as long as it runs — holds a shared lock that makes
        // this fail at once, instead of replacing the data under a running site.
        Execute(target, "PRAGMA busy_timeout=1000; PRAGMA locking_mode=EXCLUSIVE;");
        try
        {
            Execute(target, "BEGIN EXCLUSIVE; COMMIT;");
        }
        catch (SqliteException e) when (e.SqliteErrorCode is 5 or 6)
        {
            throw new DomainException($"数据库 {path} 正被其他进程使用（网站是否仍在运行？）。恢复会整体替换数据库，只能在网站停止时进行：请先停止网站（systemctl stop counterpart），再恢复。数据库未做任何改动。");
        }

        string? setAside = null;
        if (Convert.ToInt64(Scalar(target, "SELECT count(*) FROM sqlite_master WHERE type = 'table';"), CultureInfo.InvariantCulture) > 0)
        {
            if (!replace)
            {
                throw new DomainException($"数据库 {path} 中已有数据：恢复会整体替换它。确认要替换时加 --replace（原数据库会先另存一份在旁边）。数据库未做任何改动。");
            }

            setAside = path + ".before-restore-" + Stamp(clock);
            File.Delete(setAside);
            CreateOwnerOnly(setAside);
            using var aside = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = setAside, Pooling = false }.ToString());
            aside.Open();
            target.BackupDatabase(aside);
            Execute(aside, "PRAGMA journal_mode=DELETE;");
        }

        // Out of WAL while replacing, so the backup's page size and header are taken as they are; then back in WAL, as the
        // site keeps its database.
        Execute(target, "PRAGMA journal_mode=DELETE;");
        using (var backup = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = backupFile, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString()))
        {
            backup.Open();
            backup.BackupDatabase(target);
        }

        Execute(target, "PRAGMA journal_mode=WAL;");
        return setAside;
    }

    private static bool SqliteHasTable(DbConnection connection, string table) =>
        Convert.ToInt64(Scalar(connection, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = @p;", table), CultureInfo.InvariantCulture) > 0;

    // ---- PostgreSQL ----

    private static async Task<BackupContents> PostgresBackupAsync(DatabaseSettings settings, PostgresTools tools, string partial, CancellationToken ct)
    {
        var cs = new NpgsqlConnectionStringBuilder(settings.ConnectionString) { Pooling = false, ApplicationName = "counterpart-backup" }.ConnectionString;
        await using var connection = new NpgsqlConnection(cs);
        await connection.OpenAsync(ct);
        // This session stays idle in its transaction while pg_dump runs: a server-wide idle_in_transaction_session_timeout
        // must not end it before pg_dump has taken the snapshot.
        Execute(connection, "SET idle_in_transaction_session_timeout = 0;");
        // pg_dump reads the snapshot this transaction exports, so what is recorded below is exactly what the dump holds.
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct);
        var snapshot = (string)Scalar(connection, "SELECT pg_export_snapshot();")!;
        var contents = Contents(connection, PostgresHasTable);
        await tools.RunAsync("pg_dump", ["--format=custom", "--no-password", "--snapshot=" + snapshot, "--file=" + partial],
            PostgresTools.Environment(settings.ConnectionString), ct);
        await transaction.RollbackAsync(ct);
        return contents;
    }

    private static bool PostgresHasTable(DbConnection connection, string table) =>
        Scalar(connection, "SELECT to_regclass(quote_ident(@p)) IS NOT NULL;", table) is true;

    /// <summary>The key id recorded in a custom-format archive, read from its data without restoring it (after checking it is one of ours).</summary>
    private static async Task<string?> PostgresArchiveKeyIdAsync(PostgresTools tools, DatabaseSettings settings, string file, CancellationToken ct)
    {
        var env = PostgresTools.Environment(settings.ConnectionString);
        string list;
        try
        {
            list = await tools.RunAsync("pg_restore", ["--list", file], env, ct);
        }
        catch (DomainException e)
        {
            throw new DomainException($"{file} 不是 pg_dump 自定义格式的备份（{e.Message}）。数据库未做任何改动。");
        }

        if (!list.Contains("TABLE public __EFMigrationsHistory", StringComparison.Ordinal) || !list.Contains("TABLE public AuditRecords", StringComparison.Ordinal))
        {
            throw new DomainException($"{file} 不是本系统的数据库备份。数据库未做任何改动。");
        }

        if (!list.Contains("TABLE DATA public PersonalDataKeyStates", StringComparison.Ordinal))
        {
            return null;
        }

        var data = await tools.RunAsync("pg_restore", ["--data-only", "--table=PersonalDataKeyStates", "--file=-", file], env, ct);
        return KeyIdFromCopy(data);
    }

    /// <summary>The KeyId column of the one row in a COPY … FROM stdin block as pg_restore prints it.</summary>
    internal static string? KeyIdFromCopy(string script)
    {
        var lines = script.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (!lines[i].StartsWith("COPY ", StringComparison.Ordinal) || !lines[i].Contains("PersonalDataKeyStates", StringComparison.Ordinal))
            {
                continue;
            }

            var open = lines[i].IndexOf('(', StringComparison.Ordinal);
            var close = lines[i].IndexOf(')', open + 1);
            var columns = lines[i][(open + 1)..close].Split(',').Select(c => c.Trim().Trim('"')).ToList();
            var index = columns.IndexOf("KeyId");
            if (index < 0 || i + 1 >= lines.Length || lines[i + 1].StartsWith("\\.", StringComparison.Ordinal))
            {
                return null;
            }

            return lines[i + 1].TrimEnd('\r').Split('\t')[index];
        }

        return null;
    }

    private static async Task<string?> PostgresRestoreAsync(PostgresTools tools, DatabaseSettings settings, string file, bool replace, TimeProvider clock, CancellationToken ct)
    {
        // This process's own idle connections would look like a running site (and would follow a renamed database).
        NpgsqlConnection.ClearAllPools();
        var name = new NpgsqlConnectionStringBuilder(settings.ConnectionString).Database
            ?? throw new DomainException("连接字符串没有指定数据库（Database=…）。");
        var admin = new NpgsqlConnectionStringBuilder(settings.ConnectionString) { Database = "postgres", Pooling = false, ApplicationName = "counterpart-restore" }.ConnectionString;
        await using var server = new NpgsqlConnection(admin);
        await server.OpenAsync(ct);
        string? setAside = null;
        string? locale = null;
        if (Scalar(server, "SELECT datcollate || '|' || datctype FROM pg_database WHERE datname = @p;", name) is string existing)
        {
            locale = existing;
            InUseCheck(server, name);
            await using (var target = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(settings.ConnectionString) { Pooling = false }.ConnectionString))
            {
                await target.OpenAsync(ct);
                var tables = Convert.ToInt64(Scalar(target, "SELECT count(*) FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema');"), CultureInfo.InvariantCulture);
                if (tables == 0)
                {
                    // An empty database (created by an administrator for the restore): restore into it as it is.
                    locale = null;
                }
                else if (!replace)
                {
                    throw new DomainException($"数据库 {name} 中已有数据：恢复会整体替换它。确认要替换时加 --replace（原数据库会先改名保留）。数据库未做任何改动。");
                }
            }

            if (locale is not null)
            {
                setAside = name + "_before_restore_" + Stamp(clock);
                if (setAside.Length > 63)
                {
                    setAside = setAside[^63..];
                }

                try
                {
                    Execute(server, $"ALTER DATABASE {Quote(name)} RENAME TO {Quote(setAside)};");
                }
                catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ObjectInUse)
                {
                    InUseCheck(server, name);
                    throw;
                }
            }
        }

        if (setAside is not null || (locale is null && Scalar(server, "SELECT 1 FROM pg_database WHERE datname = @p;", name) is null))
        {
            var collation = locale?.Split('|');
            Execute(server, $"CREATE DATABASE {Quote(name)} TEMPLATE template0 ENCODING 'UTF8'"
                + (collation is null ? "" : $" LC_COLLATE {Literal(collation[0])} LC_CTYPE {Literal(collation[1])}") + ";");
        }

        try
        {
            // One transaction: all or nothing. No owners or grants from the source: objects belong to the role restoring
            // (the application's own, as after migrations). The audit triggers come after the data, so nothing is refused.
            await tools.RunAsync("pg_restore", ["--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction", "--no-password", "--dbname=" + name, file],
                PostgresTools.Environment(settings.ConnectionString), ct);
        }
        catch (DomainException e) when (setAside is not null)
        {
            throw new DomainException($"{e.Message}\n恢复失败，数据库 {name} 为空；原数据库保留为 {setAside}：要回到恢复前，删除 {name} 并把 {setAside} 改回 {name}"
                + $"（ALTER DATABASE {Quote(setAside)} RENAME TO {Quote(name)}）。");
        }

        return setAside;
    }

    /// <summary>Refuses while other sessions use the database, after giving sessions of a site just stopped a few seconds to end.</summary>
    private static void InUseCheck(NpgsqlConnection server, string name)
    {
        var others = new List<string>();
        for (var attempt = 0; attempt < 15; attempt++)
        {
            others.Clear();
            using (var command = server.CreateCommand())
            {
                command.CommandText = "SELECT coalesce(nullif(application_name, ''), usename::text, '?') FROM pg_stat_activity WHERE datname = @p AND pid <> pg_backend_pid();";
                command.Parameters.AddWithValue("p", name);
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    others.Add(reader.GetString(0));
                }
            }

            if (others.Count == 0)
            {
                return;
            }

            Thread.Sleep(200);
        }

        if (others.Count > 0)
        {
            var who = string.Join("、", others.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
            throw new DomainException(string.Create(CultureInfo.InvariantCulture,
                $"数据库 {name} 正被 {others.Count} 个会话使用（{who}）。恢复会整体替换数据库，只能在网站停止时进行：请先停止每个节点（systemctl stop counterpart），再恢复。数据库未做任何改动。"));
        }
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static string Literal(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    // ---- both ----

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
