using Counterpart.Data;
using Counterpart.Pairings;

namespace Counterpart.Agreements;

/// <summary>The yearly cooperation agreement (年度协作协议) of a pairing, with a target per indicator.</summary>
public sealed class Agreement : LedgerRecord, IPairingRecord
{
    public long PairingId { get; set; }
    public Pairing? Pairing { get; set; }
    public int Year { get; set; }
    public required string Title { get; set; }
    public DateOnly SignedOn { get; set; }
    public List<AgreementTarget> Targets { get; set; } = [];
}

public sealed class AgreementTarget
{
    public long Id { get; set; }
    public long AgreementId { get; set; }
    public Agreement? Agreement { get; set; }
    public required string IndicatorCode { get; set; }

    /// <summary>In the indicator's catalog unit (万元, 人, 个 …).</summary>
    public decimal Target { get; set; }
}
