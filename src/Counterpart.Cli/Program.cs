using System.Text;

namespace Counterpart.Cli;

public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        Console.OutputEncoding = Encoding.UTF8;
        return await CliApp.Create().RunAsync(args);
    }
}
