using System.Diagnostics;
using System.Globalization;
using Counterpart.Data;
using Npgsql;

namespace Counterpart.Operations;

/// <summary>
/// PostgreSQL's own client programs (pg_dump, pg_restore), found and run without a shell. The connection — host, port,
/// database, user and the password — goes to them through libpq's environment variables (PGHOST, PGPASSWORD …), never
/// on the command line, where any user of the machine could read it in the process list.
/// </summary>
public sealed class PostgresTools(string binDirectory)
{
    public string BinDirectory { get; } = binDirectory;

    /// <summary>
    /// <paramref name="configured"/> (Counterpart:Postgres:BinDirectory) if given; else the newest
    /// /usr/lib/postgresql/*/bin holding pg_dump and pg_restore (Debian's layout: a newer pg_dump reads older servers,
    /// never the other way); else the folder of pg_dump on the PATH.
    /// </summary>
    public static PostgresTools Find(string? configured)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return Has(configured) ? new PostgresTools(configured)
                : throw new DomainException($"在 {configured}（配置项 Counterpart:Postgres:BinDirectory）中找不到 pg_dump 和 pg_restore。");
        }

        if (Directory.Exists("/usr/lib/postgresql"))
        {
            var newest = Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(Has)
                .OrderByDescending(b => int.TryParse(Path.GetFileName(Path.GetDirectoryName(b)), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : 0)
                .FirstOrDefault();
            if (newest is not null)
            {
                return new PostgresTools(newest);
            }
        }

        var onPath = (System.Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault(Has);
        return onPath is not null ? new PostgresTools(onPath)
            : throw new DomainException("找不到 PostgreSQL 的 pg_dump 和 pg_restore（Debian 软件包 postgresql-client）；安装后重试，或用配置项 Counterpart:Postgres:BinDirectory 指定其目录。");
    }

    private static bool Has(string dir) => File.Exists(Path.Combine(dir, "pg_dump")) && File.Exists(Path.Combine(dir, "pg_restore"));

    /// <summary>libpq's environment for a connection string: everything needed to connect, the password included.</summary>
    public static Dictionary<string, string> Environment(string connectionString)
    {
        var b = new NpgsqlConnectionStringBuilder(connectionString);
        var env = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["PGHOST"] = b.Host ?? "localhost",
            ["PGPORT"] = b.Port.ToString(CultureInfo.InvariantCulture),
            ["PGAPPNAME"] = "counterpart-backup",
            ["PGCONNECT_TIMEOUT"] = Math.Max(b.Timeout, 2).ToString(CultureInfo.InvariantCulture),
        };
        if (!string.IsNullOrEmpty(b.Database))
        {
            env["PGDATABASE"] = b.Database;
        }

        if (!string.IsNullOrEmpty(b.Username))
        {
            env["PGUSER"] = b.Username;
        }

        if (!string.IsNullOrEmpty(b.Password))
        {
            env["PGPASSWORD"] = b.Password;
        }

        if (!string.IsNullOrEmpty(b.RootCertificate))
        {
            env["PGSSLROOTCERT"] = b.RootCertificate;
        }

        if (!string.IsNullOrEmpty(b.SslCertificate))
        {
            env["PGSSLCERT"] = b.SslCertificate;
        }

        if (!string.IsNullOrEmpty(b.SslKey))
        {
            env["PGSSLKEY"] = b.SslKey;
        }

        env["PGSSLMODE"] = b.SslMode switch
        {
            SslMode.Disable => "disable",
            SslMode.Allow => "allow",
            SslMode.Require => "require",
            SslMode.VerifyCA => "verify-ca",
            SslMode.VerifyFull => "verify-full",
            _ => "prefer",
        };
        return env;
    }

    /// <summary>Runs one of the programs; returns its standard output, or throws with its standard error.</summary>
    public async Task<string> RunAsync(string program, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(environment);
        var start = new ProcessStartInfo(Path.Combine(BinDirectory, program))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start) ?? throw new DomainException($"无法启动 {program}。");
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        try
        {
            await process.WaitForExitAsync(ct);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        if (process.ExitCode != 0)
        {
            throw new DomainException($"{program} 失败（退出码 {process.ExitCode.ToString(CultureInfo.InvariantCulture)}）：{(await stderr).Trim()}");
        }

        return await stdout;
    }
}
