using System.ComponentModel;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Spectre.Console.Cli;

namespace Counterpart.Cli;

public class DatabaseCommandSettings : CommandSettings
{
    [CommandOption("--connection <CONNECTION_STRING>")]
    [Description("Database connection string; default: ConnectionStrings__Counterpart from the environment, else data/counterpart.db (SQLite).")]
    public string? Connection { get; init; }
}

/// <summary>The same services as the web host, configured from appsettings.json, the environment and the command line.</summary>
internal static class CliHost
{
    public static ServiceProvider Build(DatabaseCommandSettings settings)
    {
        var overrides = new Dictionary<string, string?>();
        if (!string.IsNullOrWhiteSpace(settings.Connection))
        {
            overrides["ConnectionStrings:Counterpart"] = settings.Connection;
        }

        var configuration = new ConfigurationBuilder()
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .AddInMemoryCollection(overrides)
            .Build();
        var services = new ServiceCollection();
        services.AddLogging(b => b.AddConsole().SetMinimumLevel(LogLevel.Warning));
        services.AddCounterpart(configuration);
        return services.BuildServiceProvider();
    }
}
