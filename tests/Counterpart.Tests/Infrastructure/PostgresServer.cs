using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Counterpart.Tests.Infrastructure;

/// <summary>
/// A throwaway PostgreSQL cluster for the whole test run, started lazily with initdb + pg_ctl in a temp folder on a
/// free loopback port (as the postgres user when running as root). COUNTERPART_TEST_POSTGRES may instead name an
/// existing server's connection string. When neither works, PostgreSQL tests skip — or fail, when
/// COUNTERPART_REQUIRE_POSTGRES=1 (as CI sets it).
/// </summary>
public static class PostgresServer
{
    private static readonly Lazy<Task<(string? ConnectionString, string? Why)>> Server = new(StartAsync);

    public static bool Required => Environment.GetEnvironmentVariable("COUNTERPART_REQUIRE_POSTGRES") == "1";

    /// <summary>The admin connection string, or a skip (or failure in CI) saying why there is none.</summary>
    public static async Task<string> ConnectionStringAsync()
    {
        var (cs, why) = await Server.Value;
        if (cs is not null)
        {
            return cs;
        }

        if (Required)
        {
            Assert.Fail("PostgreSQL is required (COUNTERPART_REQUIRE_POSTGRES=1) but could not be started: " + why);
        }

        Assert.Skip("PostgreSQL is not available: " + why);
        return null!;
    }

    private static async Task<(string?, string?)> StartAsync()
    {
        var external = Environment.GetEnvironmentVariable("COUNTERPART_TEST_POSTGRES");
        if (!string.IsNullOrWhiteSpace(external))
        {
            return (external, null);
        }

        var bin = FindBinaries();
        if (bin is null)
        {
            return (null, "initdb/pg_ctl not found (install the Debian package 'postgresql').");
        }

        var root = Path.Combine(Path.GetTempPath(), "counterpart-pg-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..8]);
        var data = Path.Combine(root, "data");
        Directory.CreateDirectory(root);
        var asRoot = Environment.UserName == "root";
        try
        {
            if (asRoot)
            {
                await RunAsync("chown", $"postgres:postgres {root}");
            }

            await RunPgAsync(asRoot, Path.Combine(bin, "initdb"), $"-D {data} -U postgres --auth=trust -E UTF8 --locale=C");
            var port = FreePort();
            await File.AppendAllTextAsync(Path.Combine(data, "postgresql.conf"), string.Join('\n',
                $"port = {port.ToString(CultureInfo.InvariantCulture)}", "listen_addresses = '127.0.0.1'", $"unix_socket_directories = '{root}'",
                "fsync = off", "synchronous_commit = off", "full_page_writes = off", "max_connections = 200", ""));
            await RunPgAsync(asRoot, Path.Combine(bin, "pg_ctl"), $"-D {data} -l {Path.Combine(root, "log")} -w -t 60 start");
            AppDomain.CurrentDomain.ProcessExit += (_, _) => Stop(asRoot, bin, data, root);
            return ($"Host=127.0.0.1;Port={port.ToString(CultureInfo.InvariantCulture)};Username=postgres;Database=postgres;Pooling=true;Include Error Detail=true", null);
        }
        catch (InvalidOperationException e)
        {
            return (null, e.Message);
        }
    }

    private static void Stop(bool asRoot, string bin, string data, string root)
    {
        try
        {
            RunPgAsync(asRoot, Path.Combine(bin, "pg_ctl"), $"-D {data} -m immediate stop").GetAwaiter().GetResult();
            Directory.Delete(root, recursive: true);
        }
        catch (InvalidOperationException)
        {
            // Best effort at exit: a leftover cluster is stopped by pid from its postmaster.pid.
        }
        catch (IOException)
        {
        }
    }

    private static string? FindBinaries()
    {
        if (!Directory.Exists("/usr/lib/postgresql"))
        {
            return null;
        }

        return Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin"))
            .Where(b => File.Exists(Path.Combine(b, "pg_ctl")) && File.Exists(Path.Combine(b, "initdb")))
            .OrderDescending(StringComparer.Ordinal).FirstOrDefault();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static Task RunPgAsync(bool asRoot, string exe, string args) =>
        asRoot ? RunAsync("runuser", $"-u postgres -- {exe} {args}") : RunAsync(exe, args);

    private static async Task RunAsync(string exe, string args)
    {
        using var p = Process.Start(new ProcessStartInfo(exe, args) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false })
            ?? throw new InvalidOperationException($"could not start {exe}");
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"{exe} {args} exited {p.ExitCode.ToString(CultureInfo.InvariantCulture)}: {await stderr}{await stdout}");
        }
    }
}
