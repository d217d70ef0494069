namespace CoPBot.Services.Domain;

/// <summary>
/// A request the rules refuse, with a message written for the person who asked. The router shows the message as
/// it is; nothing was changed.
/// </summary>
public sealed class DomainException : Exception
{
    public DomainException()
    {
    }

    public DomainException(string message)
        : base(message)
    {
    }

    public DomainException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
