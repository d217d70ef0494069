using CoPBot.Bot.Conversation;
using CoPBot.Cards;
using CoPBot.Cards.Views;
using CoPBot.Services.Domain;
using CoPBot.Testing;
using Microsoft.EntityFrameworkCore;

namespace CoPBot.Bot.Tests.Conversation;

/// <summary>
/// What people type (ChatPhrasings.txt), played through the real router and database the way a newcomer meets the bot:
/// each phrasing by a new person who joined IdeaLab and got its invitation in their personal chat, then typed it. Each
/// intent has its own check of what must have happened; every phrasing that missed is listed.
/// </summary>
public sealed class ChatPhrasingTests(ITestOutputHelper output)
{
    private static readonly ChatUser Maria = ConversationRouterTests.Maria;

    private static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> Phrasings = Load();

    public static TheoryData<string> Intents => new(Phrasings.Keys);

    [Fact]
    public void Phrasings_AreManyForEachIntent()
    {
        Assert.All(Phrasings, p => Assert.True(p.Value.Count >= 14, $"[{p.Key}] has {p.Value.Count} phrasings."));
        Assert.True(Phrasings.Values.Sum(p => p.Count) >= 300);
    }

    [Theory]
    [MemberData(nameof(Intents))]
    public async Task EveryPhrasing_DoesWhatThePersonMeant(string intent)
    {
        await using var chat = await ChatTester.CreateAsync(StorageProvider.SqliteName);
        await chat.SayAsync(Maria, "new network IdeaLab; handle: idealab; purpose: A bi-monthly skills session; cadence: every other month");
        await chat.SayAsync(Maria, "schedule idealab: Prototyping on paper; when: 2027-03-10 9:30; for: 90 min; where: Room 4B, City Hall");
        await chat.SayAsync(Maria, "invite idealab-1");
        var misses = new List<string>();
        var number = 0;
        foreach (var phrasing in Phrasings[intent])
        {
            var person = ChatTester.User($"Person {++number}");
            await chat.SayAsync(person, "join idealab");
            await chat.DeliverAsync();
            if (intent == "changeyes")
            {
                await chat.SayAsync(person, "rsvp no idealab-1");
            }
            else if (intent is "changeno" or "who")
            {
                await chat.SayAsync(person, "rsvp yes idealab-1");
            }

            var reply = await chat.SayAsync(person, phrasing);
            if (await CheckAsync(intent, chat, person, reply) is { } miss)
            {
                misses.Add($"\"{phrasing}\": {miss} (said: {Describe(reply)})");
            }
        }

        output.WriteLine($"[{intent}] {Phrasings[intent].Count - misses.Count}/{Phrasings[intent].Count} understood");
        misses.ForEach(output.WriteLine);
        Assert.True(misses.Count == 0, $"[{intent}] misunderstood:\n{string.Join('\n', misses)}");
    }

    /// <summary>Null when the reply did what the intent means; else what happened instead.</summary>
    private static async Task<string?> CheckAsync(string intent, ChatTester chat, ChatUser person, ChatReply reply)
    {
        var answer = await AnswerAsync(chat, person);
        var texts = Texts(reply);
        return intent switch
        {
            "accept" or "changeyes" => answer == Answer.Yes ? null : $"answer is {answer}",
            "decline" or "changeno" => answer == Answer.No ? null : $"answer is {answer}",
            "notyes" => answer != Answer.Yes ? null : "accepted",
            "who" => reply.Cards.Any(c => c.Kind == CardKinds.Roster) ? null : "no roster",
            "wherewhen" => texts.Any(t => t.Contains("10 Mar", StringComparison.Ordinal)) ? null : "no date",
            "whatson" => reply.Cards.Any(c => c.Kind == CardKinds.MySessions) ? null : "no list of sessions",
            "leave" => await LeftAsync(chat, person, reply),
            "noreminders" => await RemindersAsync(chat, person) ? "reminders still on" : null,
            "stopinvites" => await LevelAsync(chat, person) == MembershipLevel.AnnouncementsOnly ? null : "still invited",
            "help" => reply.Cards.Any(c => c.Kind == CardKinds.Help) || reply.Text is Understanding.AbilitiesReply or Understanding.HowReply or Understanding.AboutReply
                ? null
                : "no help",
            "greeting" => reply.Text == Understanding.GreetingReply ? null : "no greeting",
            "thanks" => reply.Text == Understanding.ThanksReply ? null : "no thanks",
            _ => throw new InvalidOperationException($"No check for [{intent}]."),
        };
    }

    /// <summary>Left, or asked "which network?" with a Leave button that leaves when pressed.</summary>
    private static async Task<string?> LeftAsync(ChatTester chat, ChatUser person, ChatReply reply)
    {
        if (await LevelAsync(chat, person) is null)
        {
            return null;
        }

        if (reply.Cards.SelectMany(c => c.Actions).FirstOrDefault(a => a.Verb == CardActions.LeaveNetwork) is { } leave)
        {
            await chat.PressAsync(person, leave);
            return await LevelAsync(chat, person) is null ? null : "the Leave button left nothing";
        }

        return "still a member";
    }

    private static IEnumerable<string> Texts(ChatReply reply) => new[] { reply.Text ?? "" }.Concat(reply.Cards.SelectMany(ConversationRouterTests.Flatten));

    private static string Describe(ChatReply reply) =>
        string.Join(" | ", new[] { reply.Text }.Concat(reply.Cards.Select(c => $"{c.Kind}: {c.Title}")).Where(t => !string.IsNullOrEmpty(t)));

    private static Task<Answer?> AnswerAsync(ChatTester chat, ChatUser person) =>
        chat.World.DbAsync(db => db.Invitations.Where(i => i.Person!.DisplayName == person.DisplayName).Select(i => (Answer?)i.Answer).FirstOrDefaultAsync(TestWorld.Cancellation));

    private static Task<MembershipLevel?> LevelAsync(ChatTester chat, ChatUser person) =>
        chat.World.DbAsync(db => db.Memberships.Where(m => m.LeftAt == null && db.People.Any(p => p.Id == m.PersonId && p.DisplayName == person.DisplayName))
            .Select(m => (MembershipLevel?)m.Level).FirstOrDefaultAsync(TestWorld.Cancellation));

    private static Task<bool> RemindersAsync(ChatTester chat, ChatUser person) =>
        chat.World.DbAsync(db => db.People.Where(p => p.DisplayName == person.DisplayName).Select(p => p.Settings.Reminders).SingleAsync(TestWorld.Cancellation));

    private static Dictionary<string, IReadOnlyList<string>> Load()
    {
        using var stream = typeof(ChatPhrasingTests).Assembly.GetManifestResourceStream("ChatPhrasings.txt")
            ?? throw new InvalidOperationException("The phrasings are not embedded.");
        using var reader = new StreamReader(stream);
        var lists = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        List<string>? current = null;
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            if (line.StartsWith('[') && line.EndsWith(']'))
            {
                lists[line[1..^1]] = current = [];
                continue;
            }

            (current ?? throw new InvalidOperationException($"\"{line}\" comes before any [intent].")).Add(line);
        }

        return lists;
    }
}
