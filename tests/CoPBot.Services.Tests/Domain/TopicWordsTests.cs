using CoPBot.Services.Domain;

namespace CoPBot.Services.Tests.Domain;

/// <summary>The forgiving matcher of "who knows about…": the same stem for the forms people write, and no more.</summary>
public sealed class TopicWordsTests
{
    [Theory]
    [InlineData("Dashboards", "dashboard")]
    [InlineData("budgeting", "budget")]
    [InlineData("Budgets", "budget")]
    [InlineData("performance", "perform")]
    [InlineData("facilitation", "facilitating")]
    [InlineData("facilitate", "facilitator")]
    [InlineData("policies", "policy")]
    [InlineData("mapping", "maps")]
    [InlineData("Café", "cafe")]
    [InlineData("EXCEL", "excel")]
    public void Stem_FormsOfOneWord_AreOneStem(string a, string b) =>
        Assert.Equal(TopicWords.Stems(b), TopicWords.Stems(a));

    [Theory]
    [InlineData("topic1", "topic11")]
    [InlineData("gis", "gi")]
    [InlineData("analysis", "analyst")]
    [InlineData("string", "sting")]
    public void Stem_DifferentWords_StayApart(string a, string b) =>
        Assert.NotEqual(TopicWords.Stems(b), TopicWords.Stems(a));

    [Fact]
    public void Stems_LeaveOutStopWords_AndKeepEachStemOnce()
    {
        Assert.Equal(["perform", "data"], TopicWords.Stems("about the performance data and performing"));
        Assert.Equal(" perform data ", TopicWords.Joined(TopicWords.Stems("Performance DATA")));
        Assert.Empty(TopicWords.Stems("about the things"));
    }
}
