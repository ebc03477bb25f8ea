using System.Data.Common;
using System.Globalization;
using Counterpart.Data;
using Microsoft.Data.Sqlite;

namespace Counterpart.Operations;

/// <summary>SQLite: the online backup API both ways; an exclusive lock tells a running site.</summary>
public static partial class DatabaseBackup
{
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
}
