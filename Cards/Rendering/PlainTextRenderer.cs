using System.Text;
using CoPBot.Cards.Views;

namespace CoPBot.Cards.Rendering;

/// <summary>
/// Renders card views as plain text for the console chat. Actions become numbered choices, numbered on from
/// <c>firstNumber</c> so that several cards in one reply share one numbering.
/// </summary>
public static class PlainTextRenderer
{
    public static RenderedText Render(CardView card, int firstNumber = 1)
    {
        ArgumentNullException.ThrowIfNull(card);
        var text = new StringBuilder();
        var actions = new List<CardAction>();
        var rule = new string('─', Math.Clamp(card.Title.Length + 4, 20, 60));
        text.AppendLine(rule);
        text.Append("  ").AppendLine(Clean(card.Title));
        if (card.Subtitle is { } subtitle)
        {
            text.Append("  ").AppendLine(Clean(subtitle));
        }

        text.AppendLine(rule);
        foreach (var paragraph in card.Paragraphs.Where(p => !string.IsNullOrWhiteSpace(p)))
        {
            text.AppendLine(Clean(paragraph));
        }

        if (card.Facts.Count > 0)
        {
            var width = card.Facts.Max(f => f.Label.Length);
            foreach (var fact in card.Facts)
            {
                text.Append(fact.Label.PadRight(width)).Append("  ").AppendLine(Clean(fact.Value));
            }
        }

        foreach (var section in card.Sections)
        {
            text.AppendLine().AppendLine(Clean(section.Heading) + ":");
            foreach (var item in section.Items)
            {
                text.Append("  • ").Append(Clean(item.Text));
                if (item.Detail is { } detail)
                {
                    text.Append(" — ").Append(Clean(detail));
                }

                foreach (var action in item.Actions)
                {
                    actions.Add(action);
                    text.Append("  [").Append(firstNumber + actions.Count - 1).Append("] ").Append(action.Title);
                }

                text.AppendLine();
            }
        }

        if (card.Inputs.Count > 0)
        {
            text.AppendLine().AppendLine("Fields:");
            foreach (var input in card.Inputs)
            {
                text.Append("  ").Append(input.Label);
                if (!string.IsNullOrEmpty(input.Value))
                {
                    text.Append(": ").Append(Clean(input.Value));
                }

                if (input.Error is { } error)
                {
                    text.Append("  ⚠ ").Append(error);
                }

                text.AppendLine();
            }
        }

        foreach (var error in card.Errors)
        {
            text.Append("⚠ ").AppendLine(Clean(error));
        }

        if (card.Status is { } status)
        {
            text.AppendLine().Append("» ").AppendLine(Clean(status));
        }

        foreach (var link in card.Links)
        {
            text.Append(link.Title).Append(": ").AppendLine(link.Url.ToString());
        }

        if (card.Actions.Count > 0)
        {
            text.AppendLine();
            foreach (var action in card.Actions)
            {
                actions.Add(action);
                text.Append('[').Append(firstNumber + actions.Count - 1).Append("] ").Append(action.Title).Append("   ");
            }

            text.AppendLine();
        }

        return new RenderedText(text.ToString(), actions);
    }

    /// <summary>Control characters would let user text move the cursor or clear a terminal; drop them.</summary>
    public static string Clean(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (!char.IsControl(c) || c == '\n')
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}

/// <param name="Actions">The numbered choices, in order, starting at the number given to the renderer.</param>
public sealed record RenderedText(string Text, IReadOnlyList<CardAction> Actions);
