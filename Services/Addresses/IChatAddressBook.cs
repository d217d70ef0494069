namespace CoPBot.Services.Addresses;

/// <summary>Where a conversation can be reached later without the person speaking first.</summary>
public enum ChatAddressKind
{
    Personal,
    Group,
    Channel,
}

/// <summary>
/// An address a platform adapter remembered: enough to send a proactive message there. <see cref="Data"/> is the
/// adapter's own opaque JSON (a Teams conversation reference); Services never looks inside it.
/// </summary>
/// <param name="Channel">"msteams", "slack" or "console".</param>
/// <param name="TenantId">Teams tenant or Slack workspace id.</param>
/// <param name="ConversationId">The platform conversation or channel id.</param>
/// <param name="UserId">For a personal address: the platform user id it reaches.</param>
public sealed record ChatAddress(
    string Channel,
    string TenantId,
    string ConversationId,
    ChatAddressKind Kind,
    string? UserId = null,
    string? ServiceUrl = null,
    string? Name = null,
    string? Data = null);

/// <summary>The store of chat addresses, written by the platform adapters and read by delivery.</summary>
public interface IChatAddressBook
{
    /// <summary>Adds or replaces the address with the same channel, tenant and conversation id.</summary>
    Task RememberAsync(ChatAddress address, CancellationToken cancellationToken);

    /// <summary>Forgets every address of a conversation (the app was uninstalled there).</summary>
    Task ForgetAsync(string channel, string tenantId, string conversationId, CancellationToken cancellationToken);

    Task<ChatAddress?> FindAsync(string channel, string tenantId, string conversationId, CancellationToken cancellationToken);

    /// <summary>The 1:1 conversation with a user, when one is known.</summary>
    Task<ChatAddress?> FindPersonalAsync(string channel, string tenantId, string userId, CancellationToken cancellationToken);
}
