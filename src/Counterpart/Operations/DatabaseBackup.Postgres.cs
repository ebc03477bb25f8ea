using System.Data.Common;
using System.Globalization;
using Counterpart.Data;
using Npgsql;

namespace Counterpart.Operations;

/// <summary>PostgreSQL: pg_dump from an exported snapshot, pg_restore in one transaction into an empty database.</summary>
public static partial class DatabaseBackup
{
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
}
