namespace Counterpart.Data;

/// <summary>
/// Where the default SQLite file and the personal-data key live. One rule for every host, so the web application and
/// the CLI started anywhere inside a checkout share one database and one key: <c>Counterpart:DataDirectory</c> if set;
/// else <c>data/</c> at the root of the checkout (the folder holding Counterpart.slnx); else <c>data/</c> in the
/// current directory (a deployment).
/// </summary>
public static class DataPaths
{
    public static string Directory(string? configured, string? startFrom = null)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return Path.GetFullPath(configured);
        }

        var start = startFrom ?? Environment.CurrentDirectory;
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Counterpart.slnx")))
            {
                return Path.Combine(dir.FullName, "data");
            }
        }

        return Path.Combine(Path.GetFullPath(start), "data");
    }
}
