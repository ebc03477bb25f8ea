namespace Counterpart.Audit;

/// <summary>
/// Marks a property that holds personal data (e.g. poverty status): the audit trail records it as changed without its
/// value. Encrypted columns (byte arrays) and protected ID numbers (recorded by their masked form) need no mark.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class PersonalAttribute : Attribute;
