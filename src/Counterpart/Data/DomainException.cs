namespace Counterpart.Data;

/// <summary>A rule of the domain was broken; the message is for the user, in Chinese.</summary>
public sealed class DomainException : Exception
{
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
