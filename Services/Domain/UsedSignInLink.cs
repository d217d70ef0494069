namespace CoPBot.Services.Domain;

/// <summary>
/// A personal sign-in link that has been used once and may not be used again. Only its id and when it would have
/// expired anyway are kept (no person, no token): once it has expired it is refused for that reason and is forgotten.
/// </summary>
public sealed class UsedSignInLink
{
    public Guid Id { get; init; }

    public DateTime ExpiresAt { get; init; }
}
