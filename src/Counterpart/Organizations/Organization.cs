using Counterpart.Data;

namespace Counterpart.Organizations;

public enum OrgKind
{
    Nation,
    Province,
    Prefecture,
    County,
    Town,
    Village,
    Community,
    Agency,
    School,
    Hospital,
    Enterprise,
    SocialOrganization,
    RelocationSite,
    IndustrialPark,
    Workshop,
    LaborStation,
    Studio,
}

/// <summary>
/// One node of the administrative tree or a unit inside it. Places carry their GB/T 2260 code;
/// enterprises carry their unified social credit code. <see cref="Path"/> is the materialized path of ids
/// ("/1/4/9/") so that a subtree is a prefix match, on both databases, without recursive queries.
/// </summary>
public sealed class Organization
{
    public long Id { get; set; }
    public required string Code { get; set; }
    public required string Name { get; set; }
    public OrgKind Kind { get; set; }
    public long? ParentId { get; set; }
    public Organization? Parent { get; set; }
    public string Path { get; set; } = "/";
    public int Depth { get; set; }
    public string? CreditCode { get; set; }
    public DateOnly? EstablishedOn { get; set; }

    /// <summary>Industrial parks only: the eastern organization that co-builds it (共建园区); null for a park of the west alone.</summary>
    public long? CoBuiltByOrgId { get; set; }
    public Organization? CoBuiltBy { get; set; }

    public static bool IsPlace(OrgKind kind) => kind <= OrgKind.Community;
}
