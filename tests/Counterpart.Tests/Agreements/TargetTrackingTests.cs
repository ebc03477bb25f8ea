using Counterpart.Agreements;
using Counterpart.Data;
using Counterpart.Donations;
using Counterpart.Indicators;
using Counterpart.Pairings;
using Counterpart.Tests.Infrastructure;

namespace Counterpart.Tests.Agreements;

/// <summary>
/// Targets vs actuals: the actual of a target is the same indicator computed for the pairing and the year; completion is
/// actual ÷ target; the status compares the actual with the share of the target expected by the as-of date.
/// </summary>
public sealed class TargetTrackingTests(ReferenceDatabases databases)
{
    public static TheoryData<DatabaseProvider> Providers => Checkout.BothProviders;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(2026, "2026-01-01", 1 / 365.0)]
    [InlineData(2026, "2026-07-02", 183 / 365.0)]
    [InlineData(2024, "2024-12-31", 1.0)]
    [InlineData(2024, "2026-11-30", 1.0)]
    [InlineData(2027, "2026-11-30", 0.0)]
    public void ExpectedShare_IsTheElapsedPartOfTheYear(int year, string asOf, double expected) =>
        Assert.Equal((decimal)expected, TargetTracking.ExpectedShare(year, DateOnly.Parse(asOf, System.Globalization.CultureInfo.InvariantCulture)), 6);

    [Theory]
    [InlineData(100, 90, 1.0, TargetStatus.OnTrack)]
    [InlineData(100, 89.9, 1.0, TargetStatus.Lagging)]
    [InlineData(100, 70, 1.0, TargetStatus.Lagging)]
    [InlineData(100, 69.9, 1.0, TargetStatus.AtRisk)]
    [InlineData(100, 45, 0.5, TargetStatus.OnTrack)]
    [InlineData(100, 30, 0.5, TargetStatus.AtRisk)]
    [InlineData(100, 0, 0.0, TargetStatus.OnTrack)]
    public void Status_ComparesTheActualWithTheExpectedShare(double target, double actual, double expected, TargetStatus status) =>
        Assert.Equal(status, TargetTracking.StatusOf((decimal)target, (decimal)actual, (decimal)expected, TargetThresholds.Default));

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ReferencePairing_EveryTargetAgainstTheIndicatorOfItsYear(DatabaseProvider provider)
    {
        var db = await databases.GetAsync(provider);
        await using var ctx = db.NewContext();
        var service = Services.Indicators(ctx);
        var tracking = new TargetTracking(ctx, service, TargetThresholds.Default, new FixedClock(Services.Today));

        var progress = await tracking.ForPairingAsync("440112:522726", 2024, Scope.Everything, ct: Ct);
        var year = await service.ForPairingAsync("440112:522726", 2024, 2024, Scope.Everything, Ct);

        Assert.Equal(["consumption_sales", "enterprises_landed", "fiscal_aid", "labor_transferred"], progress.Select(p => p.Indicator.Code));
        Assert.All(progress, p =>
        {
            Assert.Equal(year[p.Indicator.Code], p.Actual);
            Assert.Equal(decimal.Round(p.Actual!.Value / p.Target, 4), p.Completion);
            Assert.Equal(1m, p.Expected);
            Assert.Equal(TargetTracking.StatusOf(p.Target, p.Actual, 1m, TargetThresholds.Default), p.Status);
        });
        Assert.Equal(4_000m, progress.Single(p => p.Indicator.Code == "fiscal_aid").Target);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task CurrentYear_ProRated_AndLaggingListedOnlyWithinTheScope(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var ctx = db.NewContext();
        var t = await TestTree.CreateAsync(ctx);
        var pairing = new Pairing { Kind = PairingKind.DistrictCounty, EastOrgId = t.Huangpu.Id, WestOrgId = t.Dushan.Id, StartDate = new DateOnly(2021, 1, 1), OwnerOrgId = t.Dushan.Id };
        await TestTree.AddAsync(ctx, pairing);
        var agreement = new Agreement { PairingId = pairing.Id, Year = 2026, Title = "2026年度协议", SignedOn = new DateOnly(2026, 3, 1), OwnerOrgId = t.Dushan.Id };
        agreement.Targets.Add(new AgreementTarget { IndicatorCode = "donations", Target = 100m });
        await TestTree.AddAsync(ctx, agreement,
            new Donation { OwnerOrgId = t.Dushan.Id, EastOrgId = t.Huangpu.Id, WestOrgId = t.Dushan.Id, Kind = DonationKind.Money, Date = new DateOnly(2026, 3, 1), Amount = 300_000m, ReceiptNo = "R-1" });
        ctx.ChangeTracker.Clear();
        TargetTracking At(string day) => new(ctx, Services.Indicators(ctx), TargetThresholds.Default,
            new FixedClock(DateTimeOffset.Parse(day + "T09:00:00+08:00", System.Globalization.CultureInfo.InvariantCulture)));

        var march = (await At("2026-03-31").ForPairingAsync("440112:522726", 2026, Scope.Everything, ct: Ct)).Single();
        var july = (await At("2026-07-02").ForPairingAsync("440112:522726", 2026, Scope.Everything, ct: Ct)).Single();
        var lagging = await At("2026-07-02").LaggingAsync(2026, Scope.Of(t.Dushan), ct: Ct);
        var otherCounty = await At("2026-07-02").LaggingAsync(2026, Scope.Of(t.Libo), ct: Ct);

        Assert.Equal((30m, 0.3m, TargetStatus.OnTrack), (march.Actual, march.Completion, march.Status)); // 30 of the 24.7 expected by March
        Assert.Equal(TargetStatus.AtRisk, july.Status); // 30 of the 50 expected by July
        Assert.Equal("donations", Assert.Single(lagging).Indicator.Code);
        Assert.Empty(otherCounty);
    }
}
