using System.Text;

namespace CoPBot.Services.Domain;

/// <summary>
/// The rules for text people give CoPBot and see again: what is kept of a name or a line before it is stored
/// (<see cref="Line"/>, <see cref="Paragraphs"/>), and how it is quoted back (<see cref="Clip"/>: a short excerpt, never
/// the whole input).
/// </summary>
public static class UserText
{
    public const int MaxQuotedLength = 60;

    /// <summary>The text trimmed, and cut to <see cref="MaxQuotedLength"/> characters with an ellipsis when longer.</summary>
    public static string Clip(string? text)
    {
        var trimmed = text?.Trim() ?? "";
        if (trimmed.Length <= MaxQuotedLength)
        {
            return trimmed;
        }

        // Never cut a surrogate pair in half.
        var end = MaxQuotedLength - 1;
        if (char.IsHighSurrogate(trimmed[end - 1]))
        {
            end--;
        }

        return trimmed[..end] + "…";
    }

    /// <summary>
    /// A single line as stored: direction overrides, embeddings and isolates and invisible characters dropped (they
    /// reverse or hide what follows them on a roster or a card line), control characters and line breaks made spaces,
    /// runs of spaces made one, trimmed. The joiners and marks scripts and emoji need (U+200C, U+200D, U+200E, U+200F)
    /// stay. Empty when nothing visible is left.
    /// </summary>
    public static string Line(string? text) => Keep(text, lineBreaks: false);

    /// <summary>Like <see cref="Line"/>, but line breaks stay (an agenda, a purpose): "\r\n" and "\r" become "\n".</summary>
    public static string Paragraphs(string? text) => Keep(text, lineBreaks: true);

    private static string Keep(string? text, bool lineBreaks)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        var kept = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is '\r' && lineBreaks)
            {
                c = '\n';
                if (i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }
            }

            if (IsHidden(c))
            {
                continue;
            }

            if (c == '\n' && lineBreaks)
            {
                // No trailing spaces before a break.
                while (kept.Length > 0 && kept[^1] == ' ')
                {
                    kept.Length--;
                }

                kept.Append(c);
                continue;
            }

            if (char.IsControl(c) || char.IsWhiteSpace(c))
            {
                if (kept.Length > 0 && kept[^1] is not ' ' and not '\n')
                {
                    kept.Append(' ');
                }

                continue;
            }

            kept.Append(c);
        }

        return kept.ToString().Trim();
    }

    /// <summary>Direction embeddings, overrides and isolates, and the invisible characters with no use in a name.</summary>
    private static bool IsHidden(char c) =>
        c is (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069') or '\u200B' or (>= '\u2060' and <= '\u2064') or '\uFEFF' or '\u180E';
}
