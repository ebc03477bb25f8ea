namespace Counterpart.People;

/// <summary>
/// An identity number as stored: a keyed hash for finding and de-duplicating persons, the number encrypted
/// (AES-GCM) for the few who may see it, and a masked form for every other view. The plain number is never stored.
/// </summary>
public sealed class ProtectedId
{
    /// <summary>HMAC-SHA256 of the normalized number, hex; unique per registry.</summary>
    public required string Hash { get; set; }

    public required byte[] Cipher { get; set; }

    /// <summary>First six and last four characters, e.g. 522726********123X.</summary>
    public required string Masked { get; set; }
}
