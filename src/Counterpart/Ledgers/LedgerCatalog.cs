namespace Counterpart.Ledgers;

/// <summary>The ledgers that files can be exchanged for, by name.</summary>
public static class LedgerCatalog
{
    public static IReadOnlyList<LedgerDefinition> All { get; } =
    [
        new OrganizationLedger(), new PairingLedger(), new LaborLedger(),
        new AgreementLedger(), new ProjectLedger(), new ProjectFundLedger(), new ProjectOutcomeLedger(),
        new InvestmentLedger(), new InvestmentInflowLedger(), new ProductLedger(), new SalesLedger(), new DonationLedger(),
        new TalentLedger(), new TrainingLedger(), new HonorLedger(), new CaseLedger(),
        new NeedLedger(), new OfferLedger(), new InspectionLedger(), new EvaluationLedger(), new FindingLedger(), new StatementLedger(),
    ];

    /// <summary>A fresh definition for one import (definitions may keep state while checking a file, e.g. parents seen).</summary>
    public static LedgerDefinition Get(string name) =>
        All.FirstOrDefault(l => string.Equals(l.Name, name, StringComparison.OrdinalIgnoreCase)) is { } found
            ? (LedgerDefinition)Activator.CreateInstance(found.GetType())!
            : throw new Data.DomainException($"没有名为“{name}”的台账；可用的有：{string.Join("、", All.Select(l => $"{l.Name}（{l.Title}）"))}。");
}
