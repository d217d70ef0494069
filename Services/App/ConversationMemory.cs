using CoPBot.Services.Addresses;
using CoPBot.Services.Outbox;
using CoPBot.Services.Storage;
using Microsoft.EntityFrameworkCore;

namespace CoPBot.Services.App;

/// <summary>What the bot last showed one person in one conversation: the sessions and networks of its cards.</summary>
/// <param name="Sessions">Session ids, in the order shown.</param>
/// <param name="Networks">Network handles, in the order shown.</param>
public sealed record ShownContext(IReadOnlyList<Guid> Sessions, IReadOnlyList<string> Networks)
{
    public static ShownContext Empty { get; } = new([], []);

    public bool IsEmpty => Sessions.Count == 0 && Networks.Count == 0;
}

/// <summary>
/// The bot's short memory, per person AND per conversation: another person in the same group chat has their own, and a
/// personal chat is apart from a group chat. It lasts a few hours; housekeeping deletes what expired. Written in the
/// turn's transaction, so a turn that fails leaves the memory as it was.
/// </summary>
public sealed class ConversationMemory(CoPBotDbContext db, TimeProvider clock)
{
    /// <summary>How long what was shown is remembered unless configured otherwise.</summary>
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromHours(4);

    /// <summary>At most this many sessions and networks are remembered: a longer list is no answer's subject anyway.</summary>
    public const int MaxItems = 12;

    internal const int MaxNetworksLength = 1_000;

    /// <summary>The same context shown again within this time is not written again (a turn that changes nothing writes nothing).</summary>
    internal static readonly TimeSpan RefreshAfter = TimeSpan.FromMinutes(1);

    /// <summary>The row of one person in one conversation, to be changed (expired or not).</summary>
    private static readonly CompiledQuery<Func<CoPBotDbContext, Guid, string, string, string, CancellationToken, Task<ContextRow?>>> Row = new(() =>
        EF.CompileAsyncQuery((CoPBotDbContext db, Guid personId, string channel, string tenantId, string conversationId, CancellationToken _) =>
            db.Contexts.FirstOrDefault(c => c.PersonId == personId && c.Channel == channel && c.TenantId == tenantId && c.ConversationId == conversationId)));

    /// <summary>The same row to be read, unless it expired.</summary>
    private static readonly CompiledQuery<Func<CoPBotDbContext, Guid, string, string, string, DateTime, CancellationToken, Task<ContextRow?>>> LiveRow = new(() =>
        EF.CompileAsyncQuery((CoPBotDbContext db, Guid personId, string channel, string tenantId, string conversationId, DateTime now, CancellationToken _) =>
            db.Contexts.AsNoTracking().FirstOrDefault(c => c.PersonId == personId && c.Channel == channel && c.TenantId == tenantId && c.ConversationId == conversationId
                && c.ExpiresAt > now)));

    /// <summary>
    /// The sessions of invitations and offers delivered to the person on the channel after a time, oldest first: in a
    /// personal chat they outrank what was shown before them.
    /// </summary>
    private static readonly CompiledQuery<Func<CoPBotDbContext, Guid, string, DateTime, IAsyncEnumerable<Guid>>> DeliveredSince = new(() =>
        EF.CompileAsyncQuery((CoPBotDbContext db, Guid personId, string channel, DateTime since) =>
            db.Outbox.Where(o => o.PersonId == personId && o.Channel == channel && o.Status == OutboxStatus.Sent && o.SentAt > since
                    && (o.Kind == OutboxKind.Invitation || o.Kind == OutboxKind.Offer) && o.SessionId != null)
                .OrderBy(o => o.SentAt).Select(o => o.SessionId!.Value).Take(MaxItems)));

    /// <summary>What this turn read of the context row, when nothing delivered since it was shown outranks it.</summary>
    private (Guid PersonId, ConversationKey Conversation, ContextRow? Row)? _recalled;

    /// <summary>
    /// What was last shown to <paramref name="personId"/> in the conversation within <paramref name="lifetime"/>; else
    /// empty. In a personal chat, invitations and offers delivered there after the last answer are what was shown last.
    /// </summary>
    public async Task<ShownContext> RecallAsync(Guid personId, ConversationKey conversation, bool personal, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        var now = clock.GetUtcNow().UtcDateTime;
        var row = await LiveRow.For(db)(db, personId, conversation.Channel, conversation.TenantId, conversation.Id, now, cancellationToken);
        _recalled = null;
        if (personal)
        {
            var since = row?.ShownAt ?? now - lifetime;
            var delivered = await DeliveredAsync(personId, conversation.Channel, since, cancellationToken);
            if (delivered.Count > 0)
            {
                return new ShownContext(delivered.Distinct().ToList(), []);
            }
        }

        _recalled = (personId, conversation, row);
        if (row is null)
        {
            return ShownContext.Empty;
        }

        var sessions = row.Sessions.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(s => Guid.TryParse(s, out var id) ? id : Guid.Empty).Where(id => id != Guid.Empty).ToList();
        return new ShownContext(sessions, row.Networks.Split(',', StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>Replaces what the person was last shown in the conversation, for <paramref name="lifetime"/> from now.</summary>
    public async Task RememberAsync(Guid personId, ConversationKey conversation, ShownContext shown, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        ArgumentNullException.ThrowIfNull(shown);
        if (!conversation.IsStorable)
        {
            return;
        }

        var sessions = string.Join(',', shown.Sessions.Distinct().Take(MaxItems));
        var networks = string.Join(',', shown.Networks.Where(n => !n.Contains(',', StringComparison.Ordinal)).Distinct(StringComparer.OrdinalIgnoreCase).Take(MaxItems));
        if (networks.Length > MaxNetworksLength)
        {
            networks = networks[..networks.LastIndexOf(',', MaxNetworksLength)];
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var recalled = _recalled is { Row: { } read } && _recalled.Value.PersonId == personId && _recalled.Value.Conversation == conversation ? read : null;
        if (recalled is not null && Unchanged(recalled))
        {
            // Read earlier in this turn, with nothing delivered since that outranks it: the stored row says it already.
            return;
        }

        var row = await Row.For(db)(db, personId, conversation.Channel, conversation.TenantId, conversation.Id, cancellationToken);
        if (row is not null && Unchanged(row) && (await DeliveredAsync(personId, conversation.Channel, row.ShownAt, cancellationToken)).Count == 0)
        {
            return;
        }

        if (row is null)
        {
            db.Contexts.Add(new ContextRow
            {
                PersonId = personId, Channel = conversation.Channel, TenantId = conversation.TenantId, ConversationId = conversation.Id,
                Sessions = sessions, Networks = networks, ShownAt = now, ExpiresAt = now + lifetime,
            });
        }
        else
        {
            row.Sessions = sessions;
            row.Networks = networks;
            row.ShownAt = now;
            row.ExpiresAt = now + lifetime;
        }

        _recalled = null;
        await db.SaveChangesAsync(cancellationToken);

        // The same shown again within the minute (a turn that changes nothing writes nothing).
        bool Unchanged(ContextRow stored) =>
            stored.Sessions == sessions && stored.Networks == networks && now >= stored.ShownAt && now - stored.ShownAt < RefreshAfter;
    }

    private ValueTask<List<Guid>> DeliveredAsync(Guid personId, string channel, DateTime since, CancellationToken cancellationToken) =>
        DeliveredSince.For(db)(db, personId, channel, since).ToListAsync(cancellationToken);

    /// <summary>Deletes what expired (housekeeping).</summary>
    public Task<int> PruneAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return db.Contexts.Where(c => c.ExpiresAt <= now).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>Forgets everything remembered for a person (their data is being deleted).</summary>
    internal Task<int> ForgetAsync(Guid personId, CancellationToken cancellationToken)
    {
        _recalled = null;
        return db.Contexts.Where(c => c.PersonId == personId).ExecuteDeleteAsync(cancellationToken);
    }
}

/// <summary>A conversation as the platforms name it: channel, tenant (workspace) and conversation id.</summary>
public sealed record ConversationKey(string Channel, string TenantId, string Id)
{
    /// <summary>Ids within the stored lengths; longer ones (never sent by a real platform) are simply not remembered.</summary>
    public bool IsStorable =>
        ChatIds.IsAcceptable(Channel, ChatIds.MaxChannelLength) && ChatIds.IsAcceptable(TenantId, ChatIds.MaxTenantIdLength) && ChatIds.IsAcceptable(Id, ChatIds.MaxConversationIdLength);
}
