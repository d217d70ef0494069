using CoPBot.Services.Domain;
using CoPBot.Services.Storage;
using Microsoft.EntityFrameworkCore;

namespace CoPBot.Services.App;

/// <summary>
/// What a person says they can help with, in their own words: added, listed, removed only by the person. Finding it
/// ("who knows about…") is <see cref="RosterService.WhoKnowsAsync"/>, under the roster's visibility rules.
/// </summary>
public sealed class HelpTopicService(CoPBotDbContext db, TimeProvider clock)
{
    /// <summary>
    /// Adds each of the comma-, "and"- or semicolon-separated topics the person wrote that they have not listed
    /// already. Too long or too many is refused as a whole, with how to fix it.
    /// </summary>
    public async Task<HelpTopicChange> AddAsync(Actor actor, string text, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var wanted = Split(text);
        if (wanted.Count == 0)
        {
            throw new DomainException("Tell me what you can help with, e.g. \"I can help with: performance dashboards, Excel\".");
        }

        if (wanted.FirstOrDefault(t => t.Length > HelpTopic.MaxLength) is { } tooLong)
        {
            throw new DomainException($"Please keep each topic under {HelpTopic.MaxLength} characters (\"{UserText.Clip(tooLong)}\" is longer). Separate topics with commas.");
        }

        var mine = await db.HelpTopics.Where(t => t.PersonId == actor.PersonId).ToListAsync(cancellationToken);
        var known = mine.Select(t => t.Words).ToHashSet(StringComparer.Ordinal);
        var added = new List<(string Text, string Words)>();
        foreach (var topic in wanted)
        {
            var stems = TopicWords.Stems(topic);
            var words = TopicWords.Joined(stems);
            if (stems.Count > 0 && known.Add(words))
            {
                added.Add((topic, words));
            }
        }

        // Checked before anything is added: a refused turn is still recorded as handled, and must change nothing.
        if (mine.Count + added.Count > HelpTopic.MaxPerPerson)
        {
            throw new DomainException($"You can list up to {HelpTopic.MaxPerPerson} topics, and you have {mine.Count}. Remove one with \"I can't help with <topic>\" first.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        // A microsecond apart, so the list reads back in the order the person wrote it (on both providers).
        db.HelpTopics.AddRange(added.Select((a, i) => new HelpTopic { PersonId = actor.PersonId, Text = a.Text, Words = a.Words, CreatedAt = now.AddTicks(i * 10) }));
        await db.SaveChangesAsync(cancellationToken);
        return new HelpTopicChange([.. added.Select(a => a.Text)], [.. mine.Select(t => t.Text), .. added.Select(a => a.Text)]);
    }

    /// <summary>The person's own topics, oldest first.</summary>
    public async Task<IReadOnlyList<string>> ListAsync(Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return await db.HelpTopics.AsNoTracking().Where(t => t.PersonId == actor.PersonId)
            .OrderBy(t => t.CreatedAt).ThenBy(t => t.Text).Select(t => t.Text).ToListAsync(cancellationToken);
    }

    /// <summary>Removes the topics that mention every word of <paramref name="text"/> ("Excel" removes "Excel macros").</summary>
    public async Task<HelpTopicChange> RemoveAsync(Actor actor, string text, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var stems = TopicWords.Stems(text);
        var mine = await db.HelpTopics.Where(t => t.PersonId == actor.PersonId).OrderBy(t => t.CreatedAt).ThenBy(t => t.Text).ToListAsync(cancellationToken);
        var gone = stems.Count == 0 ? [] : mine.Where(t => stems.All(s => t.Words.Contains($" {s} ", StringComparison.Ordinal))).ToList();
        db.HelpTopics.RemoveRange(gone);
        await db.SaveChangesAsync(cancellationToken);
        return new HelpTopicChange([.. gone.Select(t => t.Text)], [.. mine.Except(gone).Select(t => t.Text)]);
    }

    /// <summary>Removes all of the person's topics; how many there were.</summary>
    public Task<int> ClearAsync(Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return db.HelpTopics.Where(t => t.PersonId == actor.PersonId).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>"performance dashboards, Excel and GIS" → three topics; quotes and edge punctuation trimmed.</summary>
    internal static List<string> Split(string? text)
    {
        var topics = new List<string>();
        if (string.IsNullOrWhiteSpace(text))
        {
            return topics;
        }

        foreach (var part in UserText.Paragraphs(text).Split([',', ';', '\n', '/', '&', '•'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var piece in part.Split([" and ", " or ", " as well as "], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                var topic = piece.Trim(' ', '.', '!', '?', ':', '"', '\'', '(', ')', '-', '*');
                if (topic.Length > 0)
                {
                    topics.Add(topic);
                }
            }
        }

        return topics;
    }
}

/// <summary>What a change did (<paramref name="Changed"/>) and what the person's list is now.</summary>
public sealed record HelpTopicChange(IReadOnlyList<string> Changed, IReadOnlyList<string> Topics);
