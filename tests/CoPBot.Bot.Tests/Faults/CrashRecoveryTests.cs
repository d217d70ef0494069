using System.Collections.Concurrent;
using System.Globalization;
using CoPBot.Bot.Tests.EndToEnd;
using CoPBot.Bot.Tests.Slack;
using CoPBot.Services.Domain;
using CoPBot.Services.Storage;
using CoPBot.Testing;
using Microsoft.EntityFrameworkCore;

namespace CoPBot.Bot.Tests.Faults;

/// <summary>
/// The real bot as its own process, killed (SIGKILL) in the middle of a burst of joins and RSVPs, restarted on the same
/// database, and sent every request of the burst again, as the platform redelivers what it saw no 200 for (and as a
/// careless client repeats the rest). Each join and each RSVP exists exactly once afterwards.
/// </summary>
public sealed class CrashRecoveryTests
{
    private const int Members = 24;
    private const int Workers = 6;
    private static readonly SlackPerson Sam = new("U0SAM", "Sam Organizer");

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Theory, StorageProviders]
    public async Task Burst_ProcessKilledMidway_RedeliveryLeavesEachJoinAndRsvpExactlyOnce(string provider)
    {
        await using var database = StorageProvider.Create(provider);
        var connectionString = await database.CreateDatabaseAsync(Cancellation);
        var environment = SlackBotProcess.Environment(provider, connectionString);
        var members = Enumerable.Range(1, Members).Select(i => new SlackPerson($"U0M{i:000}", $"Member {i}")).ToList();
        var burst = members.Select(m => new[] { SlackBotProcess.Command(m, "join idealab", $"join.{m.Id}"), SlackBotProcess.Command(m, "yes idealab-1", $"yes.{m.Id}") }).ToList();

        var answered = new ConcurrentBag<string>();
        await using (var bot = await BotProcess.StartAsync(environment, TimeSpan.FromSeconds(30)))
        {
            var when = DateTime.UtcNow.AddDays(20).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            await SlackBotProcess.SendAsync(bot.Address, SlackBotProcess.Command(Sam, "new network IdeaLab; handle: idealab", "setup.1"));
            await SlackBotProcess.SendAsync(bot.Address, SlackBotProcess.Command(Sam, $"schedule idealab: Prototyping on paper; when: {when} 09:30; for: 90 min; where: Room 4B; capacity: 200", "setup.2"));

            // Half-way through the burst, the process dies; requests in flight get no answer.
            var killAt = Members;
            var killed = 0;
            await ForEachMemberAsync(burst, async command =>
            {
                if (Volatile.Read(ref killed) == 1)
                {
                    return false;
                }

                try
                {
                    await SlackBotProcess.SendAsync(bot.Address, command);
                }
                catch (HttpRequestException)
                {
                    return false;
                }

                answered.Add(command.TriggerId);
                if (answered.Count == killAt && Interlocked.Exchange(ref killed, 1) == 0)
                {
                    bot.Kill();
                }

                return true;
            });
            Assert.Equal(1, killed);
        }

        Assert.InRange(answered.Count, 1, (2 * Members) - 1);
        await using (var restarted = await BotProcess.StartAsync(environment, TimeSpan.FromSeconds(30)))
        {
            await ForEachMemberAsync(burst, async command =>
            {
                await SlackBotProcess.SendAsync(restarted.Address, command);
                return true;
            });
        }

        await using var db = Open(provider, connectionString);
        var people = await db.People.Where(p => p.Accounts.Any(a => a.UserId.StartsWith("U0M"))).Select(p => p.Id).ToListAsync(Cancellation);
        Assert.Equal(Members, people.Count);
        var memberships = await db.Memberships.Where(m => people.Contains(m.PersonId)).GroupBy(m => m.PersonId).Select(g => g.Count()).ToListAsync(Cancellation);
        Assert.Equal(Members, memberships.Count);
        Assert.All(memberships, count => Assert.Equal(1, count));
        var going = await db.Invitations.Where(i => people.Contains(i.PersonId) && i.Answer == Answer.Yes).GroupBy(i => i.PersonId).Select(g => g.Count()).ToListAsync(Cancellation);
        Assert.Equal(Members, going.Count);
        Assert.All(going, count => Assert.Equal(1, count));
        var outbox = await db.Outbox.Where(o => o.PersonId != null && people.Contains(o.PersonId.Value))
            .GroupBy(o => new { o.PersonId, o.Kind, o.SessionId }).Select(g => g.Count()).ToListAsync(Cancellation);
        Assert.All(outbox, count => Assert.Equal(1, count));
        Assert.Equal((2 * Members) + 2, await db.ProcessedTurns.CountAsync(Cancellation));
        TestContext.Current.SendDiagnosticMessage($"{provider}: {answered.Count} of {2 * Members} answered before the kill; all redelivered.");
    }

    /// <summary>Each member's commands in order (join before yes), members in parallel; a member stops at the first unanswered one.</summary>
    private static Task ForEachMemberAsync(List<SlackBotProcess.SlackCommand[]> burst, Func<SlackBotProcess.SlackCommand, Task<bool>> send) =>
        Parallel.ForEachAsync(burst, new ParallelOptions { MaxDegreeOfParallelism = Workers, CancellationToken = Cancellation }, async (commands, _) =>
        {
            foreach (var command in commands)
            {
                if (!await send(command))
                {
                    return;
                }
            }
        });

    private static CoPBotDbContext Open(string provider, string connectionString) => provider == StorageProvider.PostgresName
        ? new PostgresCoPBotDbContext(new DbContextOptionsBuilder<PostgresCoPBotDbContext>().UseNpgsql(connectionString).Options)
        : new SqliteCoPBotDbContext(new DbContextOptionsBuilder<SqliteCoPBotDbContext>().UseSqlite(connectionString).Options);

}
