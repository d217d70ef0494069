using CoPBot.Services.App;

namespace CoPBot.Services.Tests.App;

/// <summary>Networks as people name them: handle, display name, an unambiguous part, or a near-spelling of exactly one.</summary>
public sealed class NetworkNamesTests
{
    private static readonly NetworkNames.Candidate IdeaLab = new("idealab", "IdeaLab");
    private static readonly NetworkNames.Candidate Facilitation = new("facilitation", "Facilitation Network");
    private static readonly NetworkNames.Candidate FacLab = new("faclab", "Facilitation Lab");
    private static readonly NetworkNames.Candidate DataDojo = new("data-dojo", "Data Dojo");
    private static readonly NetworkNames.Candidate[] All = [IdeaLab, Facilitation, FacLab, DataDojo];

    [Theory]
    [InlineData("Facilitation Network", "facilitation")]
    [InlineData("the facilitation network", "facilitation")]
    [InlineData("Idea Lab", "idealab")]
    [InlineData("#idealab", "idealab")]
    [InlineData("data dojo", "data-dojo")]
    [InlineData("dojo", "data-dojo")]
    [InlineData("idealb", "idealab")]
    [InlineData("facilitaton network", "facilitation")]
    [InlineData("Facilitation Lab", "faclab")]
    [InlineData("lab", "faclab")]
    public void Resolves_OneNetwork(string typed, string handle) =>
        Assert.Equal(handle, Assert.Single(NetworkNames.Match(typed, All)).Handle);

    [Fact]
    public void SeveralMatches_AreAllReturned_ForTheCallerToList()
    {
        var matches = NetworkNames.Match("facil", All);
        Assert.Equal(["facilitation", "faclab"], matches.Select(m => m.Handle).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("underwater basket weaving")]
    [InlineData("network")]
    [InlineData("")]
    public void NothingClose_NoMatch(string typed) =>
        Assert.True(NetworkNames.Match(typed, All).Count != 1, $"\"{typed}\" matched one network.");
}
