using CoPBot.Services.Addresses;
using Microsoft.EntityFrameworkCore;

namespace CoPBot.Services.Storage;

internal sealed class ChatAddressBook(CoPBotDbContext db, TimeProvider clock) : IChatAddressBook
{
    public async Task RememberAsync(ChatAddress address, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(address);

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
            row.UpdatedAt = clock.GetUtcNow().UtcDateTime;
            return await db.SaveChangesAsync(cancellationToken);
        }, cancellationToken);
    }

    public async Task ForgetAsync(string channel, string tenantId, string conversationId, CancellationToken cancellationToken) =>
        await db.ChatAddresses.Where(a => a.Channel == channel && a.TenantId == tenantId && a.ConversationId == conversationId)
            .ExecuteDeleteAsync(cancellationToken);

    public async Task<ChatAddress?> FindAsync(string channel, string tenantId, string conversationId, CancellationToken cancellationToken) =>
        (await db.ChatAddresses.AsNoTracking()
            .FirstOrDefaultAsync(a => a.Channel == channel && a.TenantId == tenantId && a.ConversationId == conversationId, cancellationToken))?.ToAddress();

    public async Task<ChatAddress?> FindPersonalAsync(string channel, string tenantId, string userId, CancellationToken cancellationToken) =>
        (await db.ChatAddresses.AsNoTracking()
            .Where(a => a.Channel == channel && a.TenantId == tenantId && a.UserId == userId && a.Kind == ChatAddressKind.Personal)
            .OrderByDescending(a => a.UpdatedAt)
            .FirstOrDefaultAsync(cancellationToken))?.ToAddress();
}
