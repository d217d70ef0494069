using CoPBot.Bot.Conversation;

namespace CoPBot.Bot.Tests.Conversation;

public sealed class CommandGrammarTests
{
    [Theory]
    [InlineData("help", "help", "")]
    [InlineData("  JOIN   IdeaLab  ", "join", "IdeaLab")]
    [InlineData("/cop who idealab", "who", "idealab")]
    [InlineData("@CoPBot join idealab please", "join", "idealab")]
    [InlineData("CoPBot, my sessions", "mysessions", "")]
    [InlineData("no", "rsvp", "no")]
    [InlineData("No thanks", "rsvp", "no")]
    [InlineData("yes", "rsvp", "yes")]
    [InlineData("accept idealab-2", "rsvp", "yes idealab-2")]
    [InlineData("rsvp no idealab-1", "rsvp", "no idealab-1")]
    [InlineData("stop inviting me idealab", "stop", "idealab")]
    [InlineData("invite Ana Lopez to idealab", "invite", "Ana Lopez to idealab")]
    [InlineData("invite idealab-1", "sendinvites", "idealab-1")]
    [InlineData("new network IdeaLab; handle: idealab", "newnetwork", "IdeaLab; handle: idealab")]
    [InlineData("forget me", "forget", "")]
    [InlineData("add organizer Dev Patel to idealab", "organizer", "Dev Patel to idealab")]
    public void Parse_CommonForms_FindTheCommandAndItsArguments(string text, string command, string arguments)
    {
        var parsed = CommandGrammar.Parse(text, out _);

        Assert.NotNull(parsed);
        Assert.Equal(command, parsed.Spec.Name);
        Assert.Equal(arguments, parsed.Arguments);
    }

    [Theory]
    [InlineData("jion idealab", "join")]
    [InlineData("sesions", "sessions")]
    [InlineData("anounce idealab-1", "announce")]
    public void Parse_Typo_SuggestsTheClosestCommand(string text, string suggestion)
    {
        Assert.Null(CommandGrammar.Parse(text, out var suggested));
        Assert.Equal(suggestion, suggested);
    }

    [Fact]
    public void Parse_Gibberish_SuggestsNothing()
    {
        Assert.Null(CommandGrammar.Parse("qwertzuiop", out var suggested));
        Assert.Null(suggested);
    }

    [Fact]
    public void Fields_SplitsTheHeadAndNamedFieldsWithAliases()
    {
        var (head, fields) = CommandGrammar.Fields("idealab: Prototyping; on: next Thursday 9:30; duration: 90 min; room: 4B; places: 12");

        Assert.Equal("idealab: Prototyping", head);
        Assert.Equal("next Thursday 9:30", fields["when"]);
        Assert.Equal("90 min", fields["for"]);
        Assert.Equal("4B", fields["where"]);
        Assert.Equal("12", fields["capacity"]);
    }

    [Fact]
    public void Fields_UnknownFieldAfterKnownOnes_IsAClearError()
    {
        var error = Assert.Throws<FormatException>(() => CommandGrammar.Fields("idealab: X; when: today 9:00; colour: red"));

        Assert.Contains("colour", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Commands_EachHasAUsageAndAUniqueName()
    {
        Assert.Equal(CommandGrammar.Commands.Count, CommandGrammar.Commands.Select(c => c.Name).Distinct().Count());
        Assert.All(CommandGrammar.Commands, c => Assert.False(string.IsNullOrWhiteSpace(c.Usage)));
    }
}
