using CoPBot.Bot.Conversation;
using CoPBot.Services.Domain;
using CoPBot.Testing;
using Microsoft.EntityFrameworkCore;
using static CoPBot.Bot.Tests.Conversation.ConversationRouterTests;

namespace CoPBot.Bot.Tests.Conversation;

/// <summary>
/// Issue 12, part 3, through the real router: people say in their own words what they can help with, and "who knows
/// about…" finds only them, under each person's roster visibility and the organization rules (rule 15).
/// </summary>
public sealed class WhoKnowsTests
{
    private static readonly ChatUser Sam = ChatTester.User("Sam Rivera");
    private static readonly ChatUser Grace = ChatTester.User("Grace Kim");
    private static readonly ChatUser Tom = ChatTester.User("Tom Becker");
    private static readonly ChatUser Kai = ChatTester.User("Kai Otieno", TestWorld.County);
    private static readonly ChatUser Lee = ChatTester.User("Lee Park", TestWorld.County);

    /// <summary>IdeaLab, open to Lake County, with Maria (its organizer), Sam, Grace, Tom (city) and Kai, Lee (county) as members.</summary>
    private static async Task<ChatTester> IdeaLabWithMembersAsync(string provider)
    {
        var chat = await ChatTester.CreateAsync(provider);
        await OrganizerSetsUpIdeaLabAsync(chat);
        await chat.SayAsync(Kai, "help");
        Assert.Contains("now open to Lake County", (await chat.SayAsync(Maria, "open idealab to Lake County")).Text, StringComparison.Ordinal);
        foreach (var member in new[] { Maria, Sam, Grace, Tom, Kai, Lee })
        {
            await chat.SayAsync(member, "join idealab");
        }

        await chat.SayAsync(Grace, "settings department Performance Office");
        return chat;
    }

    [Theory, StorageProviders]
    public async Task WhoKnows_ForgivingWords_NamesOnlyPeopleWhoWroteAMatchingEntry(string provider)
    {
        await using var chat = await IdeaLabWithMembersAsync(provider);
        var added = await chat.SayAsync(Grace, "I can help with: performance dashboards, Excel");
        Assert.Contains("\"performance dashboards\", \"Excel\"", added.Said(), StringComparison.Ordinal);
        await chat.SayAsync(Kai, "I know about GIS and budgeting");

        var performance = (await chat.SayAsync(Sam, "Who in IdeaLab knows about performance data?")).Said();
        var excel = (await chat.SayAsync(Sam, "who knows about EXCEL")).Said();
        var budgets = (await chat.SayAsync(Sam, "who can help with budgets")).Said();

        Assert.Contains("Grace Kim (Performance Office, City of Riverton): performance dashboards", performance, StringComparison.Ordinal);
        Assert.Contains("in IdeaLab", performance, StringComparison.Ordinal);
        Assert.Contains("Grace Kim", excel, StringComparison.Ordinal);
        Assert.Contains("Kai Otieno (Lake County): budgeting", budgets, StringComparison.Ordinal);
        foreach (var answer in new[] { performance, excel, budgets })
        {
            // Tom and Lee wrote nothing, and Sam asks: none of them is ever named.
            Assert.DoesNotContain("Tom", answer, StringComparison.Ordinal);
            Assert.DoesNotContain("Lee", answer, StringComparison.Ordinal);
            Assert.DoesNotContain("Sam", answer, StringComparison.Ordinal);
            Assert.DoesNotContain("Maria", answer, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("Kai", excel, StringComparison.Ordinal);
        Assert.DoesNotContain("Grace", budgets, StringComparison.Ordinal);
        Assert.StartsWith("Nobody in your networks", (await chat.SayAsync(Sam, "who knows about beekeeping")).Said(), StringComparison.Ordinal);
    }

    [Theory, StorageProviders]
    public async Task WhoKnows_HiddenOrOrganizationOnly_IsNotListedToThoseWhoMayNotSeeThem(string provider)
    {
        await using var chat = await IdeaLabWithMembersAsync(provider);
        await chat.SayAsync(Grace, "I can help with Excel");
        await chat.SayAsync(Kai, "I can help with Excel macros");
        Assert.Contains("Grace Kim", (await chat.SayAsync(Sam, "who knows about excel")).Said(), StringComparison.Ordinal);

        await chat.SayAsync(Grace, "hide me");
        await chat.SayAsync(Kai, "settings visibility organization");

        var sam = (await chat.SayAsync(Sam, "who knows about excel")).Said();
        var lee = (await chat.SayAsync(Lee, "who knows about excel")).Said();
        Assert.DoesNotContain("Grace", sam, StringComparison.Ordinal);
        Assert.DoesNotContain("Kai", sam, StringComparison.Ordinal);
        Assert.StartsWith("Nobody", sam, StringComparison.Ordinal);
        Assert.Contains("Kai Otieno", lee, StringComparison.Ordinal);
        Assert.DoesNotContain("Grace", lee, StringComparison.Ordinal);
    }

    [Theory, StorageProviders]
    public async Task WhoKnows_OnlyFellowMembers_AndOnlyNetworksTheirOrganizationMaySee(string provider)
    {
        await using var chat = await IdeaLabWithMembersAsync(provider);
        await chat.SayAsync(Grace, "I can help with Excel");
        var outsider = ChatTester.User("Ola Berg");

        var anywhere = (await chat.SayAsync(outsider, "who knows about excel")).Said();
        var inIdeaLab = (await chat.SayAsync(outsider, "who in idealab knows about excel")).Said();

        Assert.StartsWith("Nobody in your networks", anywhere, StringComparison.Ordinal);
        Assert.Contains("Names are for fellow members of IdeaLab", inIdeaLab, StringComparison.Ordinal);
        Assert.DoesNotContain("Grace", anywhere + inIdeaLab, StringComparison.Ordinal);
    }

    [Theory, StorageProviders]
    public async Task HelpTopics_SeenChangedAndRemoved_ByTheirAuthorAlone(string provider)
    {
        await using var chat = await IdeaLabWithMembersAsync(provider);
        await chat.SayAsync(Grace, "I can help with: performance dashboards, Excel");

        Assert.Contains("\"performance dashboards\", \"Excel\"", (await chat.SayAsync(Grace, "what did I say I can help with?")).Said(), StringComparison.Ordinal);
        Assert.Contains("Removed \"Excel\"", (await chat.SayAsync(Grace, "I can't help with Excel anymore")).Said(), StringComparison.Ordinal);
        Assert.StartsWith("Nobody", (await chat.SayAsync(Sam, "who knows about excel")).Said(), StringComparison.Ordinal);
        Assert.Contains("Grace Kim", (await chat.SayAsync(Sam, "who knows about dashboards")).Said(), StringComparison.Ordinal);

        await chat.SayAsync(Grace, "remove my help topics");
        Assert.StartsWith("You haven't said", (await chat.SayAsync(Grace, "my help topics")).Said(), StringComparison.Ordinal);
        Assert.StartsWith("Nobody", (await chat.SayAsync(Sam, "who knows about dashboards")).Said(), StringComparison.Ordinal);
    }

    [Theory, StorageProviders]
    public async Task HelpTopics_TooLongOrTooMany_AreRefusedAndNothingIsKept(string provider)
    {
        await using var chat = await IdeaLabWithMembersAsync(provider);
        var tooLong = await chat.SayAsync(Grace, "I can help with " + string.Concat(Enumerable.Repeat("budget ", HelpTopic.MaxLength / 6)));
        var tooMany = await chat.SayAsync(Grace, "I can help with " + string.Join(", ", Enumerable.Range(1, HelpTopic.MaxPerPerson + 1).Select(i => $"topic{i}")));

        Assert.Contains($"under {HelpTopic.MaxLength} characters", tooLong.Said(), StringComparison.Ordinal);
        Assert.Contains($"up to {HelpTopic.MaxPerPerson} topics", tooMany.Said(), StringComparison.Ordinal);
        Assert.Equal(0, await chat.World.DbAsync(db => db.HelpTopics.CountAsync(TestWorld.Cancellation)));
    }

    /// <summary>Grace is forgotten outright; Maria organizes sessions, so she stays as an anonymous former organizer.</summary>
    [Theory, StorageProviders]
    public async Task HelpTopics_AreInMyData_AndGoWithForgetMe_AlsoForAnOrganizer(string provider)
    {
        await using var chat = await IdeaLabWithMembersAsync(provider);
        await chat.SayAsync(Grace, "I can help with performance dashboards");
        await chat.SayAsync(Maria, "I can help with facilitation");
        Assert.Contains("performance dashboards", (await chat.SayAsync(Grace, "my data")).Said(), StringComparison.Ordinal);
        Assert.Contains("Maria Lopez", (await chat.SayAsync(Sam, "who knows about facilitating")).Said(), StringComparison.Ordinal);

        await chat.SayAsync(Grace, "forget me confirm");
        await chat.SayAsync(Maria, "forget me confirm");

        Assert.Equal(0, await chat.World.DbAsync(db => db.HelpTopics.CountAsync(TestWorld.Cancellation)));
        Assert.StartsWith("Nobody", (await chat.SayAsync(Sam, "who knows about dashboards")).Said(), StringComparison.Ordinal);
        Assert.StartsWith("Nobody", (await chat.SayAsync(Sam, "who knows about facilitation")).Said(), StringComparison.Ordinal);
    }
}
