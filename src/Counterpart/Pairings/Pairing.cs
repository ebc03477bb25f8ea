using Counterpart.Data;
using Counterpart.Organizations;

namespace Counterpart.Pairings;

public enum PairingKind
{
    DistrictCounty,
    AgencyVillage,
    SchoolSchool,
    HospitalHospital,
    EnterpriseVillage,
    SocialOrgVillage,
    TownTown,
}

/// <summary>
/// A dated, typed link between a helping (east) and a helped (west) organization. Unit-level pairings
/// (school↔school …) hang under the district↔county pairing they belong to.
/// </summary>
public sealed class Pairing : LedgerRecord, ISidedRecord
{
    public PairingKind Kind { get; set; }
    public long EastOrgId { get; set; }
    public Organization? EastOrg { get; set; }
    public long WestOrgId { get; set; }
    public Organization? WestOrg { get; set; }
    public long? ParentPairingId { get; set; }
    public Pairing? ParentPairing { get; set; }
    public DateOnly StartDate { get; set; }
    public DateOnly? EndDate { get; set; }

    long? ISidedRecord.EastOrgId => EastOrgId;
}
