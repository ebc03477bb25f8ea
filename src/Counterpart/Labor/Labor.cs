using Counterpart.Data;
using Counterpart.Organizations;
using Counterpart.People;

namespace Counterpart.Labor;

public enum HouseholdType
{
    /// <summary>脱贫户.</summary>
    Lifted,

    /// <summary>监测户.</summary>
    Monitored,

    /// <summary>一般农户.</summary>
    General,
}

public enum EmploymentDestination
{
    /// <summary>到东部.</summary>
    ToEast,

    /// <summary>省内就近 (including local enterprises).</summary>
    InProvince,

    /// <summary>其他地区.</summary>
    Elsewhere,

    /// <summary>就业帮扶车间.</summary>
    LocalWorkshop,

    /// <summary>公益岗位.</summary>
    PublicWelfarePost,
}

/// <summary>
/// One rural laborer of the registry, unique by resident ID number across every county and import.
/// The ID number is kept only encrypted, with a keyed hash for lookups and a masked form for display.
/// </summary>
public sealed class Person : LedgerRecord
{
    public required string Name { get; set; }
    public required ProtectedId IdNumber { get; set; }
    public Gender Gender { get; set; }
    public DateOnly BirthDate { get; set; }

    /// <summary>Poverty status of the household: personal data, left out of the audit trail's values.</summary>
    [Audit.Personal]
    public HouseholdType HouseholdType { get; set; }

    /// <summary>Home village or community (户籍村).</summary>
    public long HomeOrgId { get; set; }
    public Organization? Home { get; set; }
    public byte[]? PhoneCipher { get; set; }

    /// <summary>When the person was entered in the registry (登记日期).</summary>
    public DateOnly RegisteredOn { get; set; }
}

/// <summary>
/// One job of a person. Local jobs (workshop, public-welfare post, local enterprise) are located at the
/// workplace; jobs outside the county at the person's home village — so a county's figures include both.
/// </summary>
public sealed class Employment : LedgerRecord, ISidedRecord
{
    public long PersonId { get; set; }
    public Person? Person { get; set; }
    public EmploymentDestination Destination { get; set; }

    public long WestOrgId { get; set; }
    public Organization? WestOrg { get; set; }

    /// <summary>The eastern side whose cooperation helped (经东西部协作帮助).</summary>
    public long? EastOrgId { get; set; }
    public Organization? EastOrg { get; set; }

    /// <summary>The employer when it is a registered unit (workshop, guided enterprise …).</summary>
    public long? EmployerOrgId { get; set; }
    public Organization? Employer { get; set; }
    public string? EmployerName { get; set; }

    /// <summary>GB/T 2260 code of the county where the work is.</summary>
    public string? WorkPlaceCode { get; set; }
    public DateOnly StartDate { get; set; }
    public DateOnly? EndDate { get; set; }
    public decimal? MonthlyIncome { get; set; }
    public bool Organized { get; set; }
    public long? LaborStationOrgId { get; set; }
}
