using System.Globalization;
using System.Text;
using System.Text.Json;
using CoPBot.Cards.Rendering.BlockKit;
using CoPBot.Cards.Views;

namespace CoPBot.Cards.Rendering;

/// <summary>
/// Renders platform-neutral card views as Slack Block Kit: messages, modals and the Home tab. User text goes into
/// mrkdwn only after <see cref="EscapeMrkdwn"/>, so nobody can ping @channel or forge a link through a title; every
/// Block Kit limit is respected, cutting with "…" and summing what was left out as "…and N more".
/// </summary>
public static class BlockKitRenderer
{
    /// <summary>Marks a second button with the same verb in one block (action ids must be unique per block).</summary>
    public const char ActionIdSuffixSeparator = '~';

    private const string Ellipsis = "…";

    /// <summary>The card kinds Slack shows in a modal (views.open) rather than in a message.</summary>
    public static bool IsModalKind(string kind) =>
        kind is CardKinds.ScheduleForm or CardKinds.RescheduleForm or CardKinds.Roster;

    /// <summary>Escapes the three characters Slack reserves in mrkdwn: &amp;, &lt;, &gt;.</summary>
    public static string EscapeMrkdwn(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.AsSpan().IndexOfAny('&', '<', '>') < 0)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            _ = c switch
            {
                '&' => builder.Append("&amp;"),
                '<' => builder.Append("&lt;"),
                '>' => builder.Append("&gt;"),
                _ => builder.Append(c),
            };
        }

        return builder.ToString();
    }

    /// <summary>Cuts text to at most <paramref name="max"/> characters, ending with "…", never splitting a surrogate pair.</summary>
    public static string Truncate(string text, int max)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length <= max)
        {
            return text;
        }

        var cut = Math.Max(0, max - Ellipsis.Length);
        if (cut > 0 && char.IsHighSurrogate(text[cut - 1]))
        {
            cut--;
        }

        return string.Concat(text.AsSpan(0, cut), Ellipsis);
    }

    /// <summary>The verb a button's action_id carries (without a de-duplicating suffix).</summary>
    public static string VerbOf(string actionId)
    {
        ArgumentNullException.ThrowIfNull(actionId);
        var separator = actionId.IndexOf(ActionIdSuffixSeparator, StringComparison.Ordinal);
        return separator < 0 ? actionId : actionId[..separator];
    }

    /// <summary>The input id a block_id carries (without the suffix that keeps block ids unique in one surface).</summary>
    public static string InputIdOf(string blockId) => VerbOf(blockId);

    /// <summary>The data map a button's value carries; empty when the value is absent or not ours.</summary>
    public static IReadOnlyDictionary<string, string> DataOf(string? value)
    {
        if (string.IsNullOrWhiteSpace(value) || value[0] != '{')
        {
            return new Dictionary<string, string>();
        }

        try
        {
            return JsonSerializer.Deserialize(value, BlockKitJsonContext.Default.DictionaryStringString)
                ?? new Dictionary<string, string>();
        }
        catch (JsonException)
        {
            return new Dictionary<string, string>();
        }
    }

    /// <summary>The notification text of a card: title and subtitle, escaped.</summary>
    public static string FallbackText(CardView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var text = string.IsNullOrWhiteSpace(view.Subtitle) ? view.Title : $"{view.Title} ({view.Subtitle})";
        return EscapeAndTruncate(text, BlockKitLimits.SectionText);
    }

    public static BlockKitMessage RenderMessage(CardView view) => RenderMessage(null, [view]);

    /// <summary>A reply as one message: its text first, then each card, within 50 blocks.</summary>
    public static BlockKitMessage RenderMessage(string? text, IReadOnlyList<CardView> cards)
    {
        ArgumentNullException.ThrowIfNull(cards);
        var groups = new List<Group>();
        if (!string.IsNullOrWhiteSpace(text))
        {
            groups.AddRange(ParagraphGroups(text, trimmable: false));
        }

        for (var i = 0; i < cards.Count; i++)
        {
            if (i > 0 || groups.Count > 0)
            {
                groups.Add(Group.Fixed(new DividerBlock()));
            }

            groups.AddRange(CardGroups(cards[i], includeHeader: true, includeActions: true, submitVerb: null));
        }

        var fallback = !string.IsNullOrWhiteSpace(text)
            ? EscapeAndTruncate(text, BlockKitLimits.SectionText)
            : cards.Count > 0 ? FallbackText(cards[0]) : string.Empty;
        return new BlockKitMessage { Text = fallback, Blocks = Fit(groups, BlockKitLimits.MessageBlocks) };
    }

    /// <summary>
    /// A modal for views.open/update. A form's first positive action (else its first action) becomes the submit
    /// button: its verb is the callback_id and its data the private_metadata, so view_submission can be routed.
    /// </summary>
    public static BlockKitView RenderModal(CardView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var submit = view.Inputs.Count == 0
            ? null
            : view.Actions.FirstOrDefault(a => a.Style == CardActionStyle.Positive) ?? (view.Actions.Count > 0 ? view.Actions[0] : null);
        var titleFits = view.Title.Length <= BlockKitLimits.ViewTitle;
        var groups = CardGroups(view, includeHeader: !titleFits, includeActions: true, submitVerb: submit?.Verb);
        return new BlockKitView
        {
            Type = BlockKitView.ModalType,
            Title = TextObject.Plain(Truncate(view.Title, BlockKitLimits.ViewTitle)),
            Submit = submit is null ? null : TextObject.Plain(Truncate(submit.Title, BlockKitLimits.ViewButton)),
            Close = TextObject.Plain(submit is null ? "Close" : "Cancel"),
            CallbackId = submit is null ? null : Truncate(submit.Verb, BlockKitLimits.CallbackId),
            PrivateMetadata = submit is null ? null : EncodeData(submit.Data, BlockKitLimits.PrivateMetadata),
            Blocks = Fit(groups, BlockKitLimits.ViewBlocks),
        };
    }

    /// <summary>The Home tab (views.publish): an optional line of text, then each card, within 100 blocks.</summary>
    public static BlockKitView RenderHome(string? text, IReadOnlyList<CardView> cards)
    {
        ArgumentNullException.ThrowIfNull(cards);
        var groups = new List<Group>();
        if (!string.IsNullOrWhiteSpace(text))
        {
            groups.AddRange(ParagraphGroups(text, trimmable: false));
        }

        foreach (var card in cards)
        {
            if (groups.Count > 0)
            {
                groups.Add(Group.Fixed(new DividerBlock()));
            }

            groups.AddRange(CardGroups(card, includeHeader: true, includeActions: true, submitVerb: null));
        }

        return new BlockKitView { Type = BlockKitView.HomeType, Blocks = Fit(groups, BlockKitLimits.ViewBlocks) };
    }

    private static List<Group> CardGroups(CardView view, bool includeHeader, bool includeActions, string? submitVerb)
    {
        var groups = new List<Group>();
        if (includeHeader && !string.IsNullOrWhiteSpace(view.Title))
        {
            groups.Add(Group.Fixed(new HeaderBlock { Text = TextObject.Plain(Truncate(view.Title, BlockKitLimits.HeaderText)) }));
        }

        if (!string.IsNullOrWhiteSpace(view.Subtitle))
        {
            groups.Add(Group.Fixed(new ContextBlock
            {
                Elements = [TextObject.Markdown(EscapeAndTruncate(view.Subtitle, BlockKitLimits.ContextText))],
            }));
        }

        if (!string.IsNullOrWhiteSpace(view.Status))
        {
            groups.Add(Group.Fixed(Section($"*{EscapeMrkdwn(view.Status)}*", escaped: true)));
        }

        if (view.Errors.Count > 0)
        {
            var errors = string.Join('\n', view.Errors.Select(e => ":warning: " + EscapeMrkdwn(e)));
            groups.Add(Group.Fixed(Section(errors, escaped: true)));
        }

        foreach (var paragraph in view.Paragraphs.Where(p => !string.IsNullOrWhiteSpace(p)))
        {
            groups.AddRange(ParagraphGroups(paragraph, trimmable: true));
        }

        foreach (var chunk in view.Facts.Chunk(BlockKitLimits.SectionFields))
        {
            groups.Add(new Group([new SectionBlock
            {
                Fields = [.. chunk.Select(f => TextObject.Markdown(
                    TruncateEscaped($"*{EscapeMrkdwn(f.Label)}*\n{EscapeMrkdwn(f.Value)}", BlockKitLimits.FieldText)))],
            }], Items: 0, Trimmable: view.Facts.Count > BlockKitLimits.SectionFields));
        }

        foreach (var section in view.Sections)
        {
            groups.AddRange(SectionGroups(section));
        }

        foreach (var input in view.Inputs)
        {
            groups.Add(Group.Fixed(Input(input)));
        }

        if (includeActions)
        {
            var actions = view.Actions.Where(a => a.Verb != submitVerb).ToList();
            foreach (var chunk in actions.Chunk(BlockKitLimits.ActionsElements))
            {
                groups.Add(Group.Fixed(new ActionsBlock { Elements = Buttons(chunk) }));
            }
        }

        return groups;
    }

    private static IEnumerable<Group> ParagraphGroups(string text, bool trimmable)
    {
        yield return new Group([Section(text, escaped: false)], Items: 0, Trimmable: trimmable);
    }

    private static IEnumerable<Group> SectionGroups(CardSection section)
    {
        if (!string.IsNullOrWhiteSpace(section.Heading))
        {
            yield return new Group([Section($"*{EscapeMrkdwn(section.Heading)}*", escaped: true)], Items: 0, Trimmable: true);
        }

        // Items without buttons are packed as lines into as few sections as fit; items with buttons get their own.
        var lines = new StringBuilder();
        var packed = 0;
        foreach (var item in section.Items)
        {
            var line = ItemText(item);
            if (item.Actions.Count > 0)
            {
                if (packed > 0)
                {
                    yield return new Group([Section(lines.ToString(), escaped: true)], packed, Trimmable: true);
                    lines.Clear();
                    packed = 0;
                }

                yield return ItemWithActions(line, item.Actions);
                continue;
            }

            line = TruncateEscaped(line, BlockKitLimits.SectionText);
            if (packed > 0 && lines.Length + 1 + line.Length > BlockKitLimits.SectionText)
            {
                yield return new Group([Section(lines.ToString(), escaped: true)], packed, Trimmable: true);
                lines.Clear();
                packed = 0;
            }

            if (packed > 0)
            {
                lines.Append('\n');
            }

            lines.Append(line);
            packed++;
        }

        if (packed > 0)
        {
            yield return new Group([Section(lines.ToString(), escaped: true)], packed, Trimmable: true);
        }
    }

    private static string ItemText(CardItem item) => string.IsNullOrWhiteSpace(item.Detail)
        ? "• " + EscapeMrkdwn(item.Text)
        : $"• {EscapeMrkdwn(item.Text)}  _{EscapeMrkdwn(item.Detail)}_";

    private static Group ItemWithActions(string line, IReadOnlyList<CardAction> actions)
    {
        if (actions.Count == 1)
        {
            var section = Section(line, escaped: true) with { Accessory = Buttons(actions)[0] };
            return new Group([section], Items: 1, Trimmable: true);
        }

        var blocks = new List<Block> { Section(line, escaped: true) };
        blocks.AddRange(actions.Chunk(BlockKitLimits.ActionsElements).Select(c => new ActionsBlock { Elements = Buttons(c) }));
        return new Group(blocks, Items: 1, Trimmable: true);
    }

    private static SectionBlock Section(string text, bool escaped) => new()
    {
        Text = TextObject.Markdown(escaped
            ? TruncateEscaped(text, BlockKitLimits.SectionText)
            : EscapeAndTruncate(text, BlockKitLimits.SectionText)),
    };

    private static List<BlockElement> Buttons(IEnumerable<CardAction> actions)
    {
        var used = new HashSet<string>(StringComparer.Ordinal);
        var buttons = new List<BlockElement>();
        foreach (var action in actions)
        {
            var actionId = Truncate(action.Verb, BlockKitLimits.ActionId - 4);
            for (var n = 2; !used.Add(actionId); n++)
            {
                actionId = string.Create(CultureInfo.InvariantCulture, $"{VerbOf(actionId)}{ActionIdSuffixSeparator}{n}");
            }

            buttons.Add(new ButtonElement
            {
                ActionId = actionId,
                Text = TextObject.Plain(Truncate(action.Title, BlockKitLimits.ButtonText)),
                Value = EncodeData(action.Data, BlockKitLimits.ButtonValue),
                Style = action.Style == CardActionStyle.Positive ? ButtonElement.PrimaryStyle : null,
            });
        }

        return buttons;
    }

    /// <summary>The data map as compact JSON, dropping trailing entries if it would not fit (ids are short).</summary>
    private static string? EncodeData(IReadOnlyDictionary<string, string> data, int max)
    {
        if (data.Count == 0)
        {
            return null;
        }

        var map = data.ToDictionary(StringComparer.Ordinal);
        var json = JsonSerializer.Serialize(map, BlockKitJsonContext.Default.DictionaryStringString);
        while (json.Length > max && map.Count > 0)
        {
            map.Remove(map.Keys.Last());
            json = JsonSerializer.Serialize(map, BlockKitJsonContext.Default.DictionaryStringString);
        }

        return map.Count == 0 ? null : json;
    }

    private static InputBlock Input(CardInput input)
    {
        var actionId = Truncate(input.Id, BlockKitLimits.ActionId);
        var placeholder = string.IsNullOrWhiteSpace(input.Placeholder)
            ? null
            : TextObject.Plain(Truncate(input.Placeholder, BlockKitLimits.Placeholder));
        BlockElement element = input.Kind switch
        {
            CardInputKind.Date => new DatePickerElement
            {
                ActionId = actionId,
                InitialDate = DateOnly.TryParseExact(input.Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _) ? input.Value : null,
                Placeholder = placeholder,
            },
            CardInputKind.Time => new TimePickerElement
            {
                ActionId = actionId,
                InitialTime = TimeOnly.TryParseExact(input.Value, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out _) ? input.Value : null,
                Placeholder = placeholder,
            },
            CardInputKind.Number => new NumberInputElement
            {
                ActionId = actionId,
                IsDecimalAllowed = HasFraction(input.Min) || HasFraction(input.Max) || (input.Value?.Contains('.', StringComparison.Ordinal) ?? false),
                InitialValue = double.TryParse(input.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out _) ? input.Value : null,
                MinValue = input.Min?.ToString(CultureInfo.InvariantCulture),
                MaxValue = input.Max?.ToString(CultureInfo.InvariantCulture),
                Placeholder = placeholder,
            },
            CardInputKind.Choice => Select(input, actionId, placeholder),
            CardInputKind.Toggle => Toggle(input, actionId),
            _ => new PlainTextInputElement
            {
                ActionId = actionId,
                InitialValue = string.IsNullOrEmpty(input.Value) ? null : Truncate(input.Value, input.MaxLength ?? 3000),
                Multiline = input.Kind == CardInputKind.MultilineText ? true : null,
                MaxLength = input.MaxLength,
                Placeholder = placeholder,
            },
        };

        return new InputBlock
        {
            BlockId = Truncate(input.Id, BlockKitLimits.BlockId),
            Label = TextObject.Plain(Truncate(input.Label, BlockKitLimits.InputLabel)),
            Element = element,
            Optional = input.Required ? null : true,
            Hint = string.IsNullOrWhiteSpace(input.Error) ? null : TextObject.Plain(Truncate("⚠ " + input.Error, BlockKitLimits.InputLabel)),
        };
    }

    private static StaticSelectElement Select(CardInput input, string actionId, TextObject? placeholder)
    {
        var options = input.Choices.Take(BlockKitLimits.SelectOptions).Select(Option).ToList();
        return new StaticSelectElement
        {
            ActionId = actionId,
            Options = options,
            InitialOption = options.FirstOrDefault(o => o.Value == input.Value),
            Placeholder = placeholder,
        };
    }

    private static CheckboxesElement Toggle(CardInput input, string actionId)
    {
        var on = new OptionObject { Text = TextObject.Plain(Truncate(input.Label, BlockKitLimits.OptionText)), Value = "true" };
        var isOn = string.Equals(input.Value, "true", StringComparison.OrdinalIgnoreCase);
        return new CheckboxesElement { ActionId = actionId, Options = [on], InitialOptions = isOn ? [on] : null };
    }

    private static OptionObject Option(CardChoice choice) => new()
    {
        Text = TextObject.Plain(Truncate(choice.Title, BlockKitLimits.OptionText)),
        Value = Truncate(choice.Value, BlockKitLimits.OptionValue),
    };

    private static bool HasFraction(double? value) => value is { } v && Math.Abs(v % 1) > double.Epsilon;

    private static string EscapeAndTruncate(string raw, int max) => TruncateEscaped(EscapeMrkdwn(raw), max);

    /// <summary>Truncates escaped text without leaving half an entity such as "&amp;am".</summary>
    private static string TruncateEscaped(string escaped, int max)
    {
        if (escaped.Length <= max)
        {
            return escaped;
        }

        var cut = Truncate(escaped, max)[..^Ellipsis.Length];
        var amp = cut.LastIndexOf('&');
        if (amp >= 0 && amp >= cut.Length - 4 && cut.IndexOf(';', amp) < 0)
        {
            cut = cut[..amp];
        }

        return cut + Ellipsis;
    }

    /// <summary>Drops trimmable groups from the end until the blocks fit, then says how many items were left out.</summary>
    private static List<Block> Fit(List<Group> groups, int limit)
    {
        var total = groups.Sum(g => g.Blocks.Count);
        if (total <= limit)
        {
            return UniqueBlockIds(groups.SelectMany(g => g.Blocks));
        }

        var kept = new List<Group>(groups);
        var droppedItems = 0;
        var insertAt = -1;
        for (var i = kept.Count - 1; i >= 0 && total + 1 > limit; i--)
        {
            if (!kept[i].Trimmable)
            {
                continue;
            }

            total -= kept[i].Blocks.Count;
            droppedItems += kept[i].Items;
            kept.RemoveAt(i);
            insertAt = i;
        }

        if (insertAt >= 0)
        {
            var note = droppedItems > 0
                ? string.Create(CultureInfo.InvariantCulture, $"{Ellipsis}and {droppedItems} more")
                : Ellipsis;
            kept.Insert(insertAt, Group.Fixed(new ContextBlock { Elements = [TextObject.Markdown(note)] }));
        }

        // Only fixed blocks remain over the limit (a card with more inputs than Slack allows): cut hard.
        return UniqueBlockIds(kept.SelectMany(g => g.Blocks).Take(limit));
    }

    /// <summary>Block ids must be unique in a message or view (two forms on the Home tab share input ids).</summary>
    private static List<Block> UniqueBlockIds(IEnumerable<Block> blocks)
    {
        var used = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<Block>();
        foreach (var block in blocks)
        {
            var unique = block;
            if (block.BlockId is { } id)
            {
                var candidate = id;
                for (var n = 2; !used.Add(candidate); n++)
                {
                    candidate = string.Create(CultureInfo.InvariantCulture, $"{Truncate(id, BlockKitLimits.BlockId - 5)}{ActionIdSuffixSeparator}{n}");
                }

                unique = candidate == id ? block : block with { BlockId = candidate };
            }

            result.Add(unique);
        }

        return result;
    }

    private sealed record Group(IReadOnlyList<Block> Blocks, int Items, bool Trimmable)
    {
        public static Group Fixed(Block block) => new([block], 0, false);
    }
}
