using System.Text.Json.Serialization;

namespace CoPBot.Cards.Rendering.BlockKit;

/// <summary>A Block Kit text object (<see href="https://docs.slack.dev/reference/block-kit/composition-objects/text-object"/>).</summary>
public sealed record TextObject
{
    public const string PlainTextType = "plain_text";
    public const string MarkdownType = "mrkdwn";

    public required string Type { get; init; }

    public required string Text { get; init; }

    /// <summary>Only for plain_text.</summary>
    public bool? Emoji { get; init; }

    /// <summary>Only for mrkdwn: true stops Slack from auto-linking names and URLs in the text.</summary>
    public bool? Verbatim { get; init; }

    /// <summary>Plain text is shown as written: Slack parses no mentions or links in it.</summary>
    public static TextObject Plain(string text) => new() { Type = PlainTextType, Text = text, Emoji = true };

    /// <summary>Markdown that the renderer built from already escaped user text.</summary>
    public static TextObject Markdown(string escapedText) => new() { Type = MarkdownType, Text = escapedText, Verbatim = true };
}

/// <summary>An option of a select or checkbox group.</summary>
public sealed record OptionObject
{
    public required TextObject Text { get; init; }

    public required string Value { get; init; }
}

/// <summary>A layout block (<see href="https://docs.slack.dev/reference/block-kit/blocks"/>).</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(HeaderBlock), "header")]
[JsonDerivedType(typeof(SectionBlock), "section")]
[JsonDerivedType(typeof(ContextBlock), "context")]
[JsonDerivedType(typeof(ActionsBlock), "actions")]
[JsonDerivedType(typeof(DividerBlock), "divider")]
[JsonDerivedType(typeof(InputBlock), "input")]
public abstract record Block
{
    public string? BlockId { get; init; }
}

public sealed record HeaderBlock : Block
{
    public required TextObject Text { get; init; }
}

public sealed record SectionBlock : Block
{
    public TextObject? Text { get; init; }

    public IReadOnlyList<TextObject>? Fields { get; init; }

    public BlockElement? Accessory { get; init; }
}

public sealed record ContextBlock : Block
{
    public required IReadOnlyList<TextObject> Elements { get; init; }
}

public sealed record ActionsBlock : Block
{
    public required IReadOnlyList<BlockElement> Elements { get; init; }
}

public sealed record DividerBlock : Block;

public sealed record InputBlock : Block
{
    public required TextObject Label { get; init; }

    public required BlockElement Element { get; init; }

    public bool? Optional { get; init; }

    public TextObject? Hint { get; init; }
}

/// <summary>An interactive element (<see href="https://docs.slack.dev/reference/block-kit/block-elements"/>).</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(ButtonElement), "button")]
[JsonDerivedType(typeof(PlainTextInputElement), "plain_text_input")]
[JsonDerivedType(typeof(DatePickerElement), "datepicker")]
[JsonDerivedType(typeof(TimePickerElement), "timepicker")]
[JsonDerivedType(typeof(NumberInputElement), "number_input")]
[JsonDerivedType(typeof(StaticSelectElement), "static_select")]
[JsonDerivedType(typeof(CheckboxesElement), "checkboxes")]
public abstract record BlockElement
{
    public string? ActionId { get; init; }
}

public sealed record ButtonElement : BlockElement
{
    public const string PrimaryStyle = "primary";

    public required TextObject Text { get; init; }

    public string? Value { get; init; }

    /// <summary>"primary" or absent; CoPBot never uses "danger" (declining is a normal choice).</summary>
    public string? Style { get; init; }
}

public sealed record PlainTextInputElement : BlockElement
{
    public string? InitialValue { get; init; }

    public bool? Multiline { get; init; }

    public int? MaxLength { get; init; }

    public TextObject? Placeholder { get; init; }
}

public sealed record DatePickerElement : BlockElement
{
    /// <summary>yyyy-MM-dd.</summary>
    public string? InitialDate { get; init; }

    public TextObject? Placeholder { get; init; }
}

public sealed record TimePickerElement : BlockElement
{
    /// <summary>HH:mm.</summary>
    public string? InitialTime { get; init; }

    public TextObject? Placeholder { get; init; }
}

public sealed record NumberInputElement : BlockElement
{
    public required bool IsDecimalAllowed { get; init; }

    public string? InitialValue { get; init; }

    public string? MinValue { get; init; }

    public string? MaxValue { get; init; }

    public TextObject? Placeholder { get; init; }
}

public sealed record StaticSelectElement : BlockElement
{
    public required IReadOnlyList<OptionObject> Options { get; init; }

    public OptionObject? InitialOption { get; init; }

    public TextObject? Placeholder { get; init; }
}

public sealed record CheckboxesElement : BlockElement
{
    public required IReadOnlyList<OptionObject> Options { get; init; }

    public IReadOnlyList<OptionObject>? InitialOptions { get; init; }
}

/// <summary>A message: blocks plus the plain fallback text used in notifications.</summary>
public sealed record BlockKitMessage
{
    /// <summary>Escaped for mrkdwn, because Slack parses the fallback text too.</summary>
    public required string Text { get; init; }

    public required IReadOnlyList<Block> Blocks { get; init; }
}

/// <summary>A modal or Home tab (<see href="https://docs.slack.dev/reference/views"/>).</summary>
public sealed record BlockKitView
{
    public const string ModalType = "modal";
    public const string HomeType = "home";

    public required string Type { get; init; }

    public TextObject? Title { get; init; }

    public TextObject? Submit { get; init; }

    public TextObject? Close { get; init; }

    public required IReadOnlyList<Block> Blocks { get; init; }

    public string? PrivateMetadata { get; init; }

    public string? CallbackId { get; init; }
}

/// <summary>Block Kit's documented size limits; the renderer truncates to them.</summary>
public static class BlockKitLimits
{
    public const int MessageBlocks = 50;
    public const int ViewBlocks = 100;
    public const int SectionText = 3000;
    public const int SectionFields = 10;
    public const int FieldText = 2000;
    public const int HeaderText = 150;
    public const int ButtonText = 75;
    public const int ButtonValue = 2000;
    public const int ActionId = 255;
    public const int BlockId = 255;
    public const int ActionsElements = 25;
    public const int ContextElements = 10;
    public const int ContextText = 2000;
    public const int InputLabel = 2000;
    public const int Placeholder = 150;
    public const int OptionText = 75;
    public const int OptionValue = 150;
    public const int SelectOptions = 100;
    public const int CheckboxOptions = 10;
    public const int ViewTitle = 24;
    public const int ViewButton = 24;
    public const int PrivateMetadata = 3000;
    public const int CallbackId = 255;
    public const int MessageText = 40000;
}

/// <summary>The wire format of Block Kit: snake_case, nulls left out.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(BlockKitMessage))]
[JsonSerializable(typeof(BlockKitView))]
[JsonSerializable(typeof(Dictionary<string, string>))]
public sealed partial class BlockKitJsonContext : JsonSerializerContext;
