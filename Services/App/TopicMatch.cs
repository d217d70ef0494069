using System.Linq.Expressions;
using CoPBot.Services.Domain;

namespace CoPBot.Services.App;

/// <summary>
/// The query side of <see cref="TopicWords"/>: a topic matches when its stored stems hold any stem of the question, and
/// counts one per stem held. Built as expressions so the database does the matching (each stem a query parameter).
/// </summary>
internal static class TopicMatch
{
    private static readonly System.Reflection.MethodInfo Contains = typeof(string).GetMethod(nameof(string.Contains), [typeof(string)])!;

    public static Expression<Func<HelpTopic, bool>> Any(IReadOnlyList<string> stems)
    {
        var topic = Expression.Parameter(typeof(HelpTopic), "t");
        var tests = Tests(topic, stems);
        return Expression.Lambda<Func<HelpTopic, bool>>(tests.Aggregate(Expression.OrElse), topic);
    }

    public static Expression<Func<HelpTopic, MatchingTopic>> WithMatches(IReadOnlyList<string> stems)
    {
        var topic = Expression.Parameter(typeof(HelpTopic), "t");
        var matches = Tests(topic, stems)
            .Select(test => (Expression)Expression.Condition(test, Expression.Constant(1), Expression.Constant(0)))
            .Aggregate(Expression.Add);
        var body = Expression.MemberInit(
            Expression.New(typeof(MatchingTopic)),
            Expression.Bind(typeof(MatchingTopic).GetProperty(nameof(MatchingTopic.PersonId))!, Expression.Property(topic, nameof(HelpTopic.PersonId))),
            Expression.Bind(typeof(MatchingTopic).GetProperty(nameof(MatchingTopic.Text))!, Expression.Property(topic, nameof(HelpTopic.Text))),
            Expression.Bind(typeof(MatchingTopic).GetProperty(nameof(MatchingTopic.Matches))!, matches));
        return Expression.Lambda<Func<HelpTopic, MatchingTopic>>(body, topic);
    }

    /// <summary>One "Words contains ' stem '" test per stem; the stem is read from a closure, so it becomes a parameter.</summary>
    private static List<Expression> Tests(ParameterExpression topic, IReadOnlyList<string> stems)
    {
        if (stems.Count == 0)
        {
            throw new ArgumentException("At least one stem is needed.", nameof(stems));
        }

        var words = Expression.Property(topic, nameof(HelpTopic.Words));
        return [.. stems.Select(stem => (Expression)Expression.Call(words, Contains,
            Expression.Property(Expression.Constant(new Needle($" {stem} ")), nameof(Needle.Value))))];
    }

    private sealed class Needle(string value)
    {
        public string Value { get; } = value;
    }
}

/// <summary>A matching topic with how many of the question's stems it holds. A class EF Core can project into.</summary>
internal sealed class MatchingTopic
{
    public Guid PersonId { get; init; }

    public required string Text { get; init; }

    public int Matches { get; init; }
}
