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

        // {0} pending status, {1} now, {2} channels (text[]), {3} batch size, {4} person.
        var select = $"SELECT {Column(nameof(OutboxMessage.Id))} AS \"Value\" FROM {from} "
                     + $"WHERE {Column(nameof(OutboxMessage.Status))} = {{0}} AND {Column(nameof(OutboxMessage.NotBefore))} <= {{1}} "
                     + $"AND {Column(nameof(OutboxMessage.Channel))} = ANY({{2}}) "
                     + $"AND ({Column(nameof(OutboxMessage.LeaseExpiresAt))} IS NULL OR {Column(nameof(OutboxMessage.LeaseExpiresAt))} < {{1}})";
        var tail = $" ORDER BY {Column(nameof(OutboxMessage.NotBefore))} LIMIT {{3}} FOR UPDATE SKIP LOCKED";
        _claimDue = select + tail;
        _claimDueForPerson = select + $" AND {Column(nameof(OutboxMessage.PersonId))} = {{4}}" + tail;
    }

    public static OutboxSql For(CoPBotDbContext db) => Cache.GetOrAdd(db.Model, model => new OutboxSql(model));

    public string ClaimDue(bool forPerson) => forPerson ? _claimDueForPerson : _claimDue;

    private static string Quote(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
