using System.Collections.Concurrent;
using System.Data.Common;
using CoPBot.Bot.Conversation;
using CoPBot.Cards;
using CoPBot.Services.Storage;
using CoPBot.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace CoPBot.Bot.Tests.Conversation;

/// <summary>
/// The statements the turns people send most often cost (issue 11): every statement is a round trip, a parse and a
/// plan. A budget per turn keeps a later change from quietly adding some; each failure lists what was sent.
/// </summary>
public sealed class TurnStatementTests
{
    private static readonly ChatUser Sam = ChatTester.User("Sam Rivera");

    [Theory, StorageProviders]
    public async Task AnsweringAnInvitation_StaysWithinItsStatementBudget(string provider)
    {
        var log = new StatementLog();
        await using var chat = await ChatTester.CreateAsync(provider, configureServices: log.Register);
        await ConversationRouterTests.OrganizerSetsUpIdeaLabAsync(chat);
        await chat.SayAsync(Sam, "join idealab");
        var card = Assert.Single((await chat.SayAsync(Sam, "session idealab-1")).Cards);

        var yes = await log.CountAsync(() => chat.PressAsync(Sam, card.Actions.Single(a => a.Verb == CardActions.RsvpYes)));
        var no = await log.CountAsync(() => chat.PressAsync(Sam, card.Actions.Single(a => a.Verb == CardActions.RsvpNo)));
        var typedYes = await log.CountAsync(() => chat.SayAsync(Sam, "count me in"));
        var typedNo = await log.CountAsync(() => chat.SayAsync(Sam, "can't make it"));

        // Measured on SQLite, which sends each change as a statement of its own (PostgreSQL batches them: fewer).
        (string Turn, Sent Sent, int Budget)[] turns = [("yes button", yes, 13), ("no button", no, 12), ("typed yes", typedYes, 12), ("typed no", typedNo, 13)];
        var over = turns.Where(t => t.Sent.Count > t.Budget).ToList();
        Assert.True(over.Count == 0, string.Join("\n\n", over.Select(t => $"{t.Turn}: {t.Sent.Count} statements, budget {t.Budget}:\n{t.Sent}"))
            + $"\n\nAll: {string.Join(", ", turns.Select(t => $"{t.Turn} {t.Sent.Count}"))}");
    }

    /// <summary>Every statement the contexts send, in order.</summary>
    private sealed class StatementLog : DbCommandInterceptor
    {
        private readonly ConcurrentQueue<string> _sent = new();

        public void Register(IServiceCollection services)
        {
            services.ConfigureDbContext<SqliteCoPBotDbContext>(o => o.AddInterceptors(this));
            services.ConfigureDbContext<PostgresCoPBotDbContext>(o => o.AddInterceptors(this));
        }

        public async Task<Sent> CountAsync(Func<Task<ChatReply>> turn)
        {
            _sent.Clear();
            await turn();
            return new Sent([.. _sent]);
        }

        public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
        {
            _sent.Enqueue(command.CommandText);
            return result;
        }

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            _sent.Enqueue(command.CommandText);
            return ValueTask.FromResult(result);
        }

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            _sent.Enqueue(command.CommandText);
            return ValueTask.FromResult(result);
        }

        public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
        {
            _sent.Enqueue(command.CommandText);
            return ValueTask.FromResult(result);
        }
    }

    private sealed record Sent(IReadOnlyList<string> Statements)
    {
        public int Count => Statements.Count;

        public override string ToString() => string.Join("\n--\n", Statements);
    }
}
