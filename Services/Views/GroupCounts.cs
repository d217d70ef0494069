namespace CoPBot.Services.Views;

/// <summary>How many people of one group (a department, an organization) are counted.</summary>
public sealed record GroupCount(string Label, int Count);

/// <summary>
/// The one rule for counts by group shown to organizers: a group of fewer than <see cref="MinimumGroupSize"/> people is
/// folded into <see cref="OtherLabel"/>, so no count points at a person. "Other" itself is never a group of one or two
/// (it would be a small group under another name): while it is, the next smallest group joins it.
/// </summary>
public static class GroupCounts
{
    public const int MinimumGroupSize = 3;

    public const string OtherLabel = "Other";

    /// <summary>Label for people who gave no department (or whose organization has no name yet).</summary>
    public const string NotGiven = "Not given";

    /// <summary>Groups largest first (then by label), small ones folded into "Other", which comes last.</summary>
    public static IReadOnlyList<GroupCount> Fold(IEnumerable<string?> labelPerPerson)
    {
        ArgumentNullException.ThrowIfNull(labelPerPerson);
        var groups = labelPerPerson
            .GroupBy(l => string.IsNullOrWhiteSpace(l) ? NotGiven : l.Trim(), StringComparer.OrdinalIgnoreCase)
            .Select(g => new GroupCount(g.Key, g.Count()))
            .OrderByDescending(g => g.Count).ThenBy(g => g.Label, StringComparer.OrdinalIgnoreCase)
            .ToList();

        var kept = groups.Where(g => g.Count >= MinimumGroupSize).ToList();
        var other = groups.Where(g => g.Count < MinimumGroupSize).Sum(g => g.Count);
        while (other is > 0 and < MinimumGroupSize && kept.Count > 0)
        {
            other += kept[^1].Count;
            kept.RemoveAt(kept.Count - 1);
        }

        if (other > 0)
        {
            kept.Add(new GroupCount(OtherLabel, other));
        }

        return kept;
    }
}
