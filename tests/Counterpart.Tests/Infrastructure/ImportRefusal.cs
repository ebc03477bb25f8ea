using Counterpart.Ledgers;

namespace Counterpart.Tests.Infrastructure;

/// <summary>A file refused by a rule only the stored data can decide: the report's file-level error, as the clerk reads it.</summary>
internal static class ImportRefusal
{
    public sealed record Refusal(string Message);

    public static async Task<Refusal> Of(Func<Task<ImportReport>> import)
    {
        var report = await import();

        Assert.Equal(ImportStatus.Rejected, report.Status);
        return new Refusal(Assert.Single(report.Errors, e => e.Kind == "与已存数据不符").Reason);
    }
}
