using Counterpart.Talent;
using Microsoft.EntityFrameworkCore;

namespace Counterpart.Indicators;

/// <summary>Cadres and professionals exchanged. 人 counts distinct persons; 人次 counts assignments.</summary>
internal static class TalentIndicators
{
    /// <summary>The kinds of service a professional's stay counts as (also the data-quality rules' “whole”).</summary>
    internal static readonly AssignmentCategory[] ProfessionalService =
        [AssignmentCategory.Teaching, AssignmentCategory.Medical, AssignmentCategory.Agriculture, AssignmentCategory.ExpertVisit];

    internal static readonly Profession[] Professionals =
        [Profession.Teacher, Profession.Doctor, Profession.Agronomist, Profession.Other];

    /// <summary>Distinct eastern cadres seconded to the west (人).</summary>
    public static async Task<Measure> CadresSent(IndicatorContext ctx, CancellationToken ct)
    {
        var rows = await CadresSentRows(ctx).Select(a => new DatedKey(a.StartDate, a.PersonId)).ToListAsync(ct);
        return ctx.DistinctOf(rows);
    }

    internal static IQueryable<TalentAssignment> CadresSentRows(IndicatorContext ctx) =>
        Assignments(ctx, Direction.EastToWest).Where(a => a.Category == AssignmentCategory.Secondment && a.Person!.Profession == Profession.Cadre);

    /// <summary>Western cadres seconded or trained in the east (人次: every assignment counts).</summary>
    public static Task<Measure> CadresReceived(IndicatorContext ctx, CancellationToken ct) =>
        ctx.CountAsync(CadresReceivedRows(ctx).Select(a => a.StartDate), ct);

    internal static IQueryable<TalentAssignment> CadresReceivedRows(IndicatorContext ctx) =>
        Assignments(ctx, Direction.WestToEast)
            .Where(a => (a.Category == AssignmentCategory.Secondment || a.Category == AssignmentCategory.Training) && a.Person!.Profession == Profession.Cadre);

    /// <summary>Eastern teachers teaching in the west (支教), stays of at least the minimum counted (人次).</summary>
    public static Task<Measure> TeachersSent(IndicatorContext ctx, CancellationToken ct) => CountLongStays(ctx, TeachersSentRows(ctx), ct);

    internal static IQueryable<TalentAssignment> TeachersSentRows(IndicatorContext ctx) =>
        Assignments(ctx, Direction.EastToWest).Where(a => a.Category == AssignmentCategory.Teaching && a.Person!.Profession == Profession.Teacher);

    /// <summary>Western teachers shadowing in the east (跟岗), stays of at least the minimum counted (人次).</summary>
    public static Task<Measure> TeachersReceived(IndicatorContext ctx, CancellationToken ct) => CountLongStays(ctx, TeachersReceivedRows(ctx), ct);

    internal static IQueryable<TalentAssignment> TeachersReceivedRows(IndicatorContext ctx) =>
        Assignments(ctx, Direction.WestToEast).Where(a => a.Category == AssignmentCategory.Shadowing && a.Person!.Profession == Profession.Teacher);

    /// <summary>Eastern professionals serving in the west (支教, 支医, 支农, expert visits) of at least the minimum stay (人次).</summary>
    public static Task<Measure> ProfessionalsSent(IndicatorContext ctx, CancellationToken ct) => CountLongStays(ctx, ProfessionalsSentRows(ctx), ct);

    internal static IQueryable<TalentAssignment> ProfessionalsSentRows(IndicatorContext ctx) =>
        Assignments(ctx, Direction.EastToWest).Where(a => ProfessionalService.Contains(a.Category) && Professionals.Contains(a.Person!.Profession));

    /// <summary>Western professionals shadowing in the east, of at least the minimum stay (人次).</summary>
    public static Task<Measure> ProfessionalsReceived(IndicatorContext ctx, CancellationToken ct) => CountLongStays(ctx, ProfessionalsReceivedRows(ctx), ct);

    internal static IQueryable<TalentAssignment> ProfessionalsReceivedRows(IndicatorContext ctx) =>
        Assignments(ctx, Direction.WestToEast).Where(a => a.Category == AssignmentCategory.Shadowing && Professionals.Contains(a.Person!.Profession));

    private static IQueryable<TalentAssignment> Assignments(IndicatorContext ctx, Direction direction) =>
        ctx.Selected<TalentAssignment>().Where(a => a.Direction == direction && a.StartDate >= ctx.Start && a.StartDate <= ctx.End);

    /// <summary>A stay long enough to count (the minimum of the counting rules).</summary>
    internal static bool LongStay(IndicatorContext ctx, DateOnly start, DateOnly? end) =>
        TalentAssignment.DaysServed(start, end, ctx.AsOf) >= ctx.Rules.ProfessionalMinStayDays;

    private static async Task<Measure> CountLongStays(IndicatorContext ctx, IQueryable<TalentAssignment> rows, CancellationToken ct)
    {
        var stays = await rows.Select(a => new { a.StartDate, a.EndDate }).ToListAsync(ct);
        var counted = stays.Where(s => LongStay(ctx, s.StartDate, s.EndDate)).Select(s => s.StartDate).ToList();
        return Measure.Of(counted.Count, ctx.Years.ToDictionary(y => y, y => (decimal)counted.Count(d => d.Year == y)));
    }
}
