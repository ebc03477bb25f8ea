namespace Counterpart.Data;

/// <summary>A rule of the domain was broken; the message is for the user, in Chinese.</summary>
public sealed class DomainException : Exception
{
    /// <summary>The HTTP status the API answers with: 400 unless the rule says otherwise (403 out of scope, 404 not found, 409 conflicting state).</summary>
    public int Status { get; init; } = 400;

    public DomainException(string message) : base(message)
    {
    }

    public DomainException()
    {
    }

    public DomainException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
