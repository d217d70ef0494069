using CoPBot.Services.Addresses;
using Microsoft.EntityFrameworkCore;

namespace CoPBot.Services.Storage;

internal sealed class ChatAddressBook(CoPBotDbContext db, TimeProvider clock) : IChatAddressBook
{
    public async Task RememberAsync(ChatAddress address, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(address);
        for (var attempt = 0; ; attempt++)
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
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return;
            }
            catch (DbUpdateException) when (attempt < 3)
            {
                // The same conversation was remembered concurrently; update the row the other request wrote.
                db.Entry(row).State = EntityState.Detached;
            }
        }
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

/// <summary>Remembers handled platform turns so a redelivered event or a double click changes nothing twice.</summary>
public sealed class TurnLedger(CoPBotDbContext db, TimeProvider clock)
{
    /// <summary>Records the key; false when it was recorded before (the turn is a redelivery).</summary>
    public async Task<bool> TryBeginAsync(string key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (await db.ProcessedTurns.AnyAsync(t => t.Key == key, cancellationToken))
        {
            return false;
        }

        var row = new ProcessedTurn { Key = key.Length > 300 ? key[..300] : key, ProcessedAt = clock.GetUtcNow().UtcDateTime };
        db.ProcessedTurns.Add(row);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException)
        {
            db.Entry(row).State = EntityState.Detached;
            return false;
        }
    }

    /// <summary>Forgets one key, so that a turn that failed half-way can be handled again when it is redelivered.</summary>
    public Task<int> ForgetAsync(string key, CancellationToken cancellationToken) =>
        db.ProcessedTurns.Where(t => t.Key == key).ExecuteDeleteAsync(cancellationToken);

    /// <summary>How long keys are kept by default: platforms redeliver within minutes (Slack), Teams within hours at most.</summary>
    public static readonly TimeSpan DefaultRetention = TimeSpan.FromDays(1);

    /// <summary>Forgets keys older than <see cref="DefaultRetention"/>.</summary>
    public Task<int> PruneAsync(CancellationToken cancellationToken) => PruneAsync(DefaultRetention, cancellationToken);

    /// <summary>Forgets keys older than <paramref name="retention"/>, which must outlast the platforms' redelivery window.</summary>
    public Task<int> PruneAsync(TimeSpan retention, CancellationToken cancellationToken)
    {
        var before = clock.GetUtcNow().UtcDateTime - retention;
        return db.ProcessedTurns.Where(t => t.ProcessedAt < before).ExecuteDeleteAsync(cancellationToken);
    }
}
