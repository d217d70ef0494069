using CoPBot.Bot.Conversation;
using CoPBot.Testing;

namespace CoPBot.Bot.Tests.Conversation;

/// <summary>An organizer's first week, in her own words: each line here was once answered "I didn't understand".</summary>
public sealed class OrganizerWordsTests
{
    private static readonly ChatUser Maria = ConversationRouterTests.Maria;
    private static readonly ChatUser Grace = ChatTester.User("Grace Kim");

    private static string Fact(ChatReply reply, string label) => Assert.Single(reply.Cards).Facts.Single(f => f.Label == label).Value;

    private static string When(ChatReply reply) => Fact(reply, "When");

    /// <summary>What Maria is answered when she types <paramref name="line"/> once IdeaLab and its first session exist.</summary>
    private static async Task<ChatReply> AfterIdeaLabAsync(string provider, string line)
    {
        await using var chat = await ChatTester.CreateAsync(provider);
        await ConversationRouterTests.OrganizerSetsUpIdeaLabAsync(chat);
        return await chat.SayAsync(Maria, line);
    }

    [Theory, StorageProviders]
    public async Task Schedule_AtABareHour_IsThatHourOfTheWorkingDay(string provider)
    {
        var scheduled = await AfterIdeaLabAsync(provider, "schedule idealab March 17 at 10 in Room 2");

        Assert.Contains("as idealab-2", scheduled.Text, StringComparison.Ordinal);
        Assert.Contains("17 Mar 2027, 10:00", When(scheduled), StringComparison.Ordinal);
    }

    [Theory, StorageProviders]
    public async Task Schedule_FromStartToEnd_TakesTheLengthFromTheEnd(string provider)
    {
        var scheduled = await AfterIdeaLabAsync(provider, "schedule idealab March 17 9:30-11 in Room 2");

        Assert.Contains("as idealab-2", scheduled.Text, StringComparison.Ordinal);
        Assert.Contains("17 Mar 2027, 09:30–11:00", When(scheduled), StringComparison.Ordinal);
    }

    [Theory, StorageProviders]
    public async Task CreateANetworkCalled_AName_StartsIt(string provider)
    {
        await using var chat = await ChatTester.CreateAsync(provider);

        var created = await chat.SayAsync(Maria, "create a network called Data Champions");

        Assert.StartsWith("Data Champions is ready", created.Text, StringComparison.Ordinal);
    }

    [Theory, StorageProviders]
    public async Task ScheduleASession_WithoutANetwork_IsForTheOneSheOrganizes(string provider)
    {
        var scheduled = await AfterIdeaLabAsync(provider, "schedule a session next Tuesday at 2pm in Room 2");

        Assert.Contains("as idealab-2", scheduled.Text, StringComparison.Ordinal);
    }

    [Theory, StorageProviders]
    public async Task ScheduleASession_WithoutANetwork_AsksWhichOfHersItIsFor(string provider)
    {
        await using var chat = await ChatTester.CreateAsync(provider);
        await ConversationRouterTests.OrganizerSetsUpIdeaLabAsync(chat);
        await chat.SayAsync(Maria, "new network Data Champions");

        var asked = await chat.SayAsync(Maria, "schedule a session next Tuesday at 2pm in Room 2");

        Assert.Equal("Which network is it for: data-champions or idealab? e.g. \"schedule data-champions next Tuesday 2pm\"", asked.Text);
    }

    [Theory, StorageProviders]
    public async Task Schedule_AtAStreetAddress_IsWhereItIs(string provider)
    {
        var scheduled = await AfterIdeaLabAsync(provider, "schedule idealab March 17 at 10 at 500 Main St");

        Assert.Contains("as idealab-2", scheduled.Text, StringComparison.Ordinal);
        Assert.Contains("17 Mar 2027, 10:00", When(scheduled), StringComparison.Ordinal);
        Assert.Equal("500 Main St", Fact(scheduled, "Where"));
    }

    [Theory, StorageProviders]
    public async Task MoveSessionTo_ANewTime_MovesItInOneLine(string provider)
    {
        var moved = await AfterIdeaLabAsync(provider, "move idealab-1 to March 17 at 2");

        Assert.StartsWith("Moved Prototyping on paper to", moved.Text, StringComparison.Ordinal);
        Assert.Contains("17 Mar 2027, 14:00", When(moved), StringComparison.Ordinal);
    }

    [Theory, StorageProviders]
    public async Task SendInvitationsFor_ASession_SendsTheRound(string provider)
    {
        await using var chat = await ChatTester.CreateAsync(provider);
        await ConversationRouterTests.OrganizerSetsUpIdeaLabAsync(chat);
        await chat.SayAsync(Grace, "join idealab");

        var sent = await chat.SayAsync(Maria, "send invitations for idealab-1");

        Assert.StartsWith("Inviting 1 member", sent.Text, StringComparison.Ordinal);
    }
}
