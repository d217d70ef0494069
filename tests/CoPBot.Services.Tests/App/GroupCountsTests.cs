using CoPBot.Services.Views;

namespace CoPBot.Services.Tests.App;

/// <summary>Counts by group never point at a person: groups under three people fold into "Other", which is never one or two.</summary>
public class GroupCountsTests
{
    private static IReadOnlyList<GroupCount> Fold(params (string? Label, int Count)[] groups) =>
        GroupCounts.Fold(groups.SelectMany(g => Enumerable.Repeat(g.Label, g.Count)));

    [Fact]
    public void Fold_GroupsOfThreeOrMore_AreShownLargestFirst()
    {
        Assert.Equal([new("Parks", 5), new("IT", 3)], Fold(("IT", 3), ("Parks", 5)));
    }

    [Fact]
    public void Fold_SmallGroups_BecomeOther()
    {
        Assert.Equal([new("Parks", 5), new("IT", 3), new(GroupCounts.OtherLabel, 3)], Fold(("Parks", 5), ("IT", 3), ("Finance", 2), ("HR", 1)));
    }

    [Fact]
    public void Fold_OtherOfOneOrTwo_TakesInTheNextSmallestGroup()
    {
        // "Other: 1" beside "Finance: 4" would still point at the one person outside Parks and Finance.
        Assert.Equal([new("Parks", 6), new(GroupCounts.OtherLabel, 5)], Fold(("Parks", 6), ("Finance", 4), ("HR", 1)));
    }

    [Fact]
    public void Fold_FewerThanThreeInAll_IsOnlyOther()
    {
        Assert.Equal([new(GroupCounts.OtherLabel, 2)], Fold(("Parks", 1), ("IT", 1)));
    }

    [Fact]
    public void Fold_BlankAndDifferentlyCasedLabels_AreOneGroupEach()
    {
        Assert.Equal([new(GroupCounts.NotGiven, 3), new("parks", 3)], Fold(("parks", 1), ("Parks ", 2), (null, 1), ("  ", 2)));
    }

    [Fact]
    public void Fold_Nobody_IsEmpty()
    {
        Assert.Empty(Fold());
    }
}
