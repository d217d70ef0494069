using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CoPBot.Cards.Views;

namespace CoPBot.Cards.Rendering;

/// <summary>
/// Renders a <see cref="CardView"/> to an Adaptive Card 1.5 (the Teams format). User text goes into TextRuns, which
/// do not interpret markdown, or is escaped where the element does (FactSet); buttons are Action.Execute with the
/// <see cref="CardActions"/> verb. Long lists are cut with "and N more" to stay well under Teams' 28 KB limit.
/// </summary>
public static class AdaptiveCardRenderer
{
    /// <summary>Rendered cards stay under this many UTF-8 bytes; Teams rejects messages over about 28 KB.</summary>
    public const int MaxCardBytes = 20 * 1024;

    private const int MaxParagraphChars = 2000;
    private const int MaxLineChars = 400;
    private const int MaxItemsPerSection = 25;

    public static JsonObject Render(CardView view) =>
        JsonSerializer.SerializeToNode(Build(view), AdaptiveCardJsonContext.Default.AdaptiveCard)!.AsObject();

    public static string RenderJson(CardView view) =>
        JsonSerializer.Serialize(Build(view), AdaptiveCardJsonContext.Default.AdaptiveCard);

    internal static AdaptiveCard Build(CardView view)
    {
        ArgumentNullException.ThrowIfNull(view);

        // Shrink the lists until the card fits; everything else is bounded per string already.
        for (var cap = MaxItemsPerSection; ; cap /= 2)
        {
            var card = Build(view, cap);
            if (cap <= 1 || Encoding.UTF8.GetByteCount(JsonSerializer.Serialize(card, AdaptiveCardJsonContext.Default.AdaptiveCard)) <= MaxCardBytes)
            {
                return card;
            }
        }
    }

    private static AdaptiveCard Build(CardView view, int itemCap)
    {
        var body = new List<AcElement>
        {
            Text(new AcTextRun(Clip(view.Title, MaxLineChars)) { Size = "Medium", Weight = "Bolder" }),
        };
        if (!string.IsNullOrWhiteSpace(view.Subtitle))
        {
            body.Add(Text(new AcTextRun(Clip(view.Subtitle, MaxLineChars)) { IsSubtle = true }) with { Spacing = "None" });
        }

        if (!string.IsNullOrWhiteSpace(view.Status))
        {
            body.Add(new AcContainer([Text(new AcTextRun(Clip(view.Status, MaxLineChars)) { Weight = "Bolder" })]) { Style = "emphasis" });
        }

        if (view.Errors.Count > 0)
        {
            body.Add(new AcContainer([.. view.Errors.Take(itemCap).Select(e => Text(new AcTextRun(Clip(e, MaxLineChars)) { Color = "Attention" }))])
            {
                Style = "attention",
            });
        }

        body.AddRange(view.Paragraphs.Where(p => !string.IsNullOrWhiteSpace(p)).Select(p => Text(new AcTextRun(Clip(p, MaxParagraphChars)))));

        if (view.Facts.Count > 0)
        {
            body.Add(new AcFactSet([.. view.Facts.Take(itemCap * 2).Select(f => new AcFact(EscapeMarkdown(Clip(f.Label, 80)), EscapeMarkdown(Clip(f.Value, MaxLineChars))))]));
        }

        foreach (var section in view.Sections)
        {
            body.Add(Text(new AcTextRun(Clip(section.Heading, MaxLineChars)) { Weight = "Bolder" }) with { Separator = true, Spacing = "Medium" });
            foreach (var item in section.Items.Take(itemCap))
            {
                body.Add(Item(item));
            }

            if (section.Items.Count > itemCap)
            {
                var more = section.Items.Count - itemCap;
                body.Add(Text(new AcTextRun(string.Create(CultureInfo.InvariantCulture, $"and {more} more")) { IsSubtle = true, Italic = true }));
            }
        }

        foreach (var input in view.Inputs)
        {
            body.Add(Input(input));
            if (!string.IsNullOrWhiteSpace(input.Error))
            {
                body.Add(Text(new AcTextRun(Clip(input.Error, MaxLineChars)) { Color = "Attention" }) with { Spacing = "None" });
            }
        }

        return new AdaptiveCard
        {
            Body = body,
            Actions = view.Actions.Count == 0 ? null : [.. view.Actions.Select(Action)],
            Refresh = view.Refresh is { } refresh
                ? new AcRefresh(Action(refresh.Action), refresh.UserIds.Count == 0 ? null : [.. refresh.UserIds.Take(CardRefresh.MaxUserIds)])
                : null,
            FallbackText = Clip(view.Title, MaxLineChars),
        };
    }

    private static AcElement Item(CardItem item)
    {
        var runs = new List<AcTextRun> { new(Clip(item.Text, MaxLineChars)) };
        if (!string.IsNullOrWhiteSpace(item.Detail))
        {
            runs.Add(new AcTextRun(" - " + Clip(item.Detail, MaxLineChars)) { IsSubtle = true });
        }

        var text = new AcRichTextBlock(runs);
        return item.Actions.Count == 0
            ? text
            : new AcContainer([text, new AcActionSet([.. item.Actions.Select(Action)])]) { Separator = true };
    }

    private static AcElement Input(CardInput input)
    {
        var label = Clip(input.Label, 120);
        var required = input.Required ? true : (bool?)null;
        var error = string.IsNullOrWhiteSpace(input.Error) ? (input.Required ? $"{label} is required." : null) : Clip(input.Error, MaxLineChars);
        return input.Kind switch
        {
            CardInputKind.Text or CardInputKind.MultilineText => new AcInputText
            {
                Id = input.Id, Label = label, IsRequired = required, ErrorMessage = error,
                Value = input.Value, Placeholder = input.Placeholder, MaxLength = input.MaxLength,
                IsMultiline = input.Kind == CardInputKind.MultilineText ? true : null,
            },
            CardInputKind.Date => new AcInputDate
            {
                Id = input.Id, Label = label, IsRequired = required, ErrorMessage = error, Value = input.Value, Placeholder = input.Placeholder,
            },
            CardInputKind.Time => new AcInputTime
            {
                Id = input.Id, Label = label, IsRequired = required, ErrorMessage = error, Value = input.Value, Placeholder = input.Placeholder,
            },
            CardInputKind.Number => new AcInputNumber
            {
                Id = input.Id, Label = label, IsRequired = required, ErrorMessage = error, Placeholder = input.Placeholder,
                Value = double.TryParse(input.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? number : null,
                Min = input.Min, Max = input.Max,
            },
            CardInputKind.Choice => new AcInputChoiceSet([.. input.Choices.Select(c => new AcChoice(Clip(c.Title, 200), c.Value))])
            {
                Id = input.Id, Label = label, IsRequired = required, ErrorMessage = error, Value = input.Value, Placeholder = input.Placeholder,
            },
            CardInputKind.Toggle => new AcInputToggle(label)
            {
                Id = input.Id, IsRequired = required, ErrorMessage = error,
                Value = string.Equals(input.Value, "true", StringComparison.OrdinalIgnoreCase) ? "true" : "false",
            },
            _ => throw new ArgumentOutOfRangeException(nameof(input), input.Kind, "Unknown input kind."),
        };
    }

    private static AcExecute Action(CardAction action) => new(Clip(action.Title, 80), action.Verb, action.Data)
    {
        // Declining is an equal choice (rule 3): never "destructive"; only a positive highlight exists.
        Style = action.Style == CardActionStyle.Positive ? "positive" : null,
    };

    private static AcRichTextBlock Text(AcTextRun run) => new([run]);

    private static string Clip(string text, int max) =>
        text.Length <= max ? text : string.Concat(text.AsSpan(0, max - 1), "…");

    /// <summary>
    /// FactSet text is markdown in Teams: escape the characters that make links, emphasis, code and tags, so
    /// "[x](http://evil)" and "**bold**" stay literal and "&lt;at&gt;" is never a mention. Parentheses alone make no
    /// link once the brackets are escaped, so they stay readable.
    /// </summary>
    internal static string EscapeMarkdown(string text)
    {
        var builder = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            if (c is '\\' or '*' or '_' or '[' or ']' or '`' or '~' or '<' or '>')
            {
                builder.Append('\\');
            }

            builder.Append(c);
        }

        return builder.ToString();
    }
}
