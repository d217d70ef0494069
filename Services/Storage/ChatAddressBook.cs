using CoPBot.Services.Addresses;
using Microsoft.EntityFrameworkCore;

namespace CoPBot.Services.Storage;

internal sealed class ChatAddressBook(CoPBotDbContext db, TimeProvider clock) : IChatAddressBook
{
    /// <summary>A conversation's row as stored: every message turn reads it to see whether anything changed.</summary>
    private static readonly CompiledQuery<Func<CoPBotDbContext, string, string, string, CancellationToken, Task<ChatAddressRow?>>> Stored = new(() =>
        EF.CompileAsyncQuery((CoPBotDbContext db, string channel, string tenantId, string conversationId, CancellationToken _) =>
            db.ChatAddresses.AsNoTracking().FirstOrDefault(a => a.Channel == channel && a.TenantId == tenantId && a.ConversationId == conversationId)));

    public async Task RememberAsync(ChatAddress address, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(address);
        var now = clock.GetUtcNow().UtcDateTime;

        // Every message turn remembers its conversation; one that changes nothing writes nothing. The time is kept
        // to the minute, like an account's LastSeenAt, so the latest of a person's chats still comes first.
        var known = await Stored.For(db)(db, address.Channel, address.TenantId, address.ConversationId, cancellationToken);
        if (known is not null && now - known.UpdatedAt < RefreshAfter && Unchanged(known, address))
        {
            return;
        }

        // installationUpdate and conversationUpdate often arrive together for one conversation: one of them inserts,
        // the other waits and updates, and no insert fails.
        await db.SerializedAsync($"address:{address.Channel}:{address.TenantId}:{address.ConversationId}", async () =>
        {
            var row = await db.ChatAddresses.FirstOrDefaultAsync(
                a => a.Channel == address.Channel && a.TenantId == address.TenantId && a.ConversationId == address.ConversationId, cancellationToken);
            if (row is null)
            {
                row = new ChatAddressRow { Channel = address.Channel, TenantId = address.TenantId, ConversationId = address.ConversationId };
                db.ChatAddresses.Add(row);
            }

            row.Kind = address.Kind;
            row.UserId = address.UserId ?? row.UserId;
            row.ServiceUrl = address.ServiceUrl ?? row.ServiceUrl;
            row.Name = address.Name ?? row.Name;
            row.Data = address.Data ?? row.Data;
            row.UpdatedAt = now;
            return await db.SaveChangesAsync(cancellationToken);
        }, cancellationToken);
    }

    private static readonly TimeSpan RefreshAfter = TimeSpan.FromMinutes(1);

    /// <summary>True when remembering <paramref name="address"/> would leave <paramref name="row"/> as it is (time aside).</summary>
    private static bool Unchanged(ChatAddressRow row, ChatAddress address) =>
        row.Kind == address.Kind
        && row.UserId == (address.UserId ?? row.UserId)
        && row.ServiceUrl == (address.ServiceUrl ?? row.ServiceUrl)
        && row.Name == (address.Name ?? row.Name)
        && row.Data == (address.Data ?? row.Data);

    public async Task ForgetAsync(string channel, string tenantId, string conversationId, CancellationToken cancellationToken) =>
        await db.ChatAddresses.Where(a => a.Channel == channel && a.TenantId == tenantId && a.ConversationId == conversationId)
            .ExecuteDeleteAsync(cancellationToken);

    public async Task<ChatAddress?> FindAsync(string channel, string tenantId, string conversationId, CancellationToken cancellationToken) =>
        (await Stored.For(db)(db, channel, tenantId, conversationId, cancellationToken))?.ToAddress();

    public async Task<ChatAddress?> FindPersonalAsync(string channel, string tenantId, string userId, CancellationToken cancellationToken) =>
        (await db.ChatAddresses.AsNoTracking()
            .Where(a => a.Channel == channel && a.TenantId == tenantId && a.UserId == userId && a.Kind == ChatAddressKind.Personal)
            .OrderByDescending(a => a.UpdatedAt)
            .FirstOrDefaultAsync(cancellationToken))?.ToAddress();
}
