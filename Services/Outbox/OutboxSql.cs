using System.Collections.Concurrent;
using CoPBot.Services.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace CoPBot.Services.Outbox;

/// <summary>
/// The PostgreSQL claim, written once per model with the provider's own table and column names (read from the EF
/// model, so a rename in the model cannot leave this SQL behind). Values are always parameters ({0}…), never text.
/// </summary>
internal sealed class OutboxSql
{
    private static readonly ConcurrentDictionary<IModel, OutboxSql> Cache = new();

    private readonly string _claimDue;
    private readonly string _claimDueForPerson;

    private OutboxSql(IModel model)
    {
        var entity = model.FindEntityType(typeof(OutboxMessage)) ?? throw new InvalidOperationException("The model has no outbox.");
        var table = entity.GetTableName() ?? "Outbox";
        var store = StoreObjectIdentifier.Table(table, entity.GetSchema());
        string Column(string property) => Quote(entity.FindProperty(property)!.GetColumnName(store)!);
        var from = entity.GetSchema() is { } schema ? $"{Quote(schema)}.{Quote(table)}" : Quote(table);

        // {0} pending status, {1} now, {2} channels (text[]), {3} batch size, {4} owner, {5} sent status,
        // {6} sent since (now minus ConversationQuietTime), {7} person.
        var id = Column(nameof(OutboxMessage.Id));
        var status = Column(nameof(OutboxMessage.Status));
        var person = Column(nameof(OutboxMessage.PersonId));
        var conversation = Column(nameof(OutboxMessage.AddressConversationId));
        var owner = Column(nameof(OutboxMessage.LeaseOwner));
        var leaseExpires = Column(nameof(OutboxMessage.LeaseExpiresAt));
        var sentBy = Column(nameof(OutboxMessage.SentBy));
        var sentAt = Column(nameof(OutboxMessage.SentAt));

        // A conversation another instance is sending to (a live claim) or sent to a moment ago is left to it: one
        // instance at a time per conversation, so each conversation's short limits hold across instances.
        // Two subqueries, one per kind of conversation, so each can use its index (PersonId, AddressConversationId):
        // one subquery with an OR across both columns scanned the whole outbox for every candidate.
        var busy = $"((h.{status} = {{0}} AND h.{owner} <> {{4}} AND h.{leaseExpires} >= {{1}}) "
                   + $"OR (h.{status} = {{5}} AND h.{sentBy} <> {{4}} AND h.{sentAt} > {{6}}))";
        var busyElsewhere = $"(o.{person} IS NULL OR NOT EXISTS (SELECT 1 FROM {from} h WHERE h.{person} = o.{person} AND {busy})) "
                            + $"AND (o.{person} IS NOT NULL OR NOT EXISTS (SELECT 1 FROM {from} h WHERE h.{conversation} = o.{conversation} AND {busy}))";
        var select = $"SELECT o.{id} AS \"Value\" FROM {from} o "
                     + $"WHERE o.{status} = {{0}} AND o.{Column(nameof(OutboxMessage.NotBefore))} <= {{1}} "
                     + $"AND o.{Column(nameof(OutboxMessage.Channel))} = ANY({{2}}) "
                     + $"AND (o.{leaseExpires} IS NULL OR o.{leaseExpires} < {{1}}) "
                     + $"AND {busyElsewhere}";
        var tail = $" ORDER BY o.{Column(nameof(OutboxMessage.NotBefore))} LIMIT {{3}} FOR UPDATE OF o SKIP LOCKED";
        _claimDue = select + tail;
        _claimDueForPerson = select + $" AND o.{person} = {{7}}" + tail;
    }

    public static OutboxSql For(CoPBotDbContext db) => Cache.GetOrAdd(db.Model, model => new OutboxSql(model));

    public string ClaimDue(bool forPerson) => forPerson ? _claimDueForPerson : _claimDue;

    private static string Quote(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
