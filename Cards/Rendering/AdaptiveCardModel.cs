using System.Text.Json;
using System.Text.Json.Serialization;

namespace CoPBot.Cards.Rendering;

// The subset of Adaptive Cards 1.5 that CoPBot emits, as typed records. Every object carries its "type".
// Schema: https://adaptivecards.io/schemas/1.5.0/adaptive-card.json

internal sealed record AdaptiveCard
{
    public string Type { get; init; } = "AdaptiveCard";

    [JsonPropertyName("$schema")]
    public string Schema { get; init; } = "http://adaptivecards.io/schemas/adaptive-card.json";

    public string Version { get; init; } = "1.5";

    public required IReadOnlyList<AcElement> Body { get; init; }

    public IReadOnlyList<AcAction>? Actions { get; init; }

    /// <summary>Universal Actions: the reader's client asks the bot for its own view of a shared card.</summary>
    public AcRefresh? Refresh { get; init; }

    /// <summary>Shown by clients that cannot render the card (and in notifications).</summary>
    public string? FallbackText { get; init; }
}

[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(AcRichTextBlock), "RichTextBlock")]
[JsonDerivedType(typeof(AcFactSet), "FactSet")]
[JsonDerivedType(typeof(AcContainer), "Container")]
[JsonDerivedType(typeof(AcActionSet), "ActionSet")]
[JsonDerivedType(typeof(AcInputText), "Input.Text")]
[JsonDerivedType(typeof(AcInputDate), "Input.Date")]
[JsonDerivedType(typeof(AcInputTime), "Input.Time")]
[JsonDerivedType(typeof(AcInputNumber), "Input.Number")]
[JsonDerivedType(typeof(AcInputChoiceSet), "Input.ChoiceSet")]
[JsonDerivedType(typeof(AcInputToggle), "Input.Toggle")]
internal abstract record AcElement
{
    public string? Id { get; init; }

    public string? Spacing { get; init; }

    public bool? Separator { get; init; }
}

/// <summary>Carries all text (no TextBlock, which interprets markdown): TextRun does not interpret markdown, so "[x](http://...)" stays literal.</summary>
internal sealed record AcRichTextBlock(IReadOnlyList<AcTextRun> Inlines) : AcElement;

internal sealed record AcTextRun(string Text)
{
    public string Type { get; init; } = "TextRun";

    public string? Size { get; init; }

    public string? Weight { get; init; }

    public string? Color { get; init; }

    public bool? IsSubtle { get; init; }

    public bool? Italic { get; init; }
}

internal sealed record AcFactSet(IReadOnlyList<AcFact> Facts) : AcElement;

internal sealed record AcFact(string Title, string Value)
{
    public string Type { get; init; } = "Fact";
}

internal sealed record AcContainer(IReadOnlyList<AcElement> Items) : AcElement
{
    public string? Style { get; init; }
}

internal sealed record AcActionSet(IReadOnlyList<AcAction> Actions) : AcElement;

internal abstract record AcInput : AcElement
{
    public string? Label { get; init; }

    public bool? IsRequired { get; init; }

    public string? ErrorMessage { get; init; }
}

internal sealed record AcInputText : AcInput
{
    public string? Value { get; init; }

    public string? Placeholder { get; init; }

    public bool? IsMultiline { get; init; }

    public int? MaxLength { get; init; }
}

internal sealed record AcInputDate : AcInput
{
    public string? Value { get; init; }

    public string? Placeholder { get; init; }
}

internal sealed record AcInputTime : AcInput
{
    public string? Value { get; init; }

    public string? Placeholder { get; init; }
}

internal sealed record AcInputNumber : AcInput
{
    public double? Value { get; init; }

    public string? Placeholder { get; init; }

    public double? Min { get; init; }

    public double? Max { get; init; }
}

internal sealed record AcInputChoiceSet(IReadOnlyList<AcChoice> Choices) : AcInput
{
    public string? Value { get; init; }

    public string Style { get; init; } = "compact";

    public string? Placeholder { get; init; }
}

internal sealed record AcChoice(string Title, string Value)
{
    public string Type { get; init; } = "Input.Choice";
}

internal sealed record AcInputToggle(string Title) : AcInput
{
    public string? Value { get; init; }

    public string ValueOn { get; init; } = "true";

    public string ValueOff { get; init; } = "false";

    public bool Wrap { get; init; } = true;
}

[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(AcExecute), "Action.Execute")]
internal abstract record AcAction(string Title)
{
    public string? Style { get; init; }
}

/// <summary>Universal Action: Teams sends it to the bot as an <c>adaptiveCard/action</c> invoke.</summary>
internal sealed record AcExecute(string Title, string Verb, IReadOnlyDictionary<string, string> Data) : AcAction(Title);

internal sealed record AcRefresh(AcAction Action, IReadOnlyList<string>? UserIds)
{
    public string Type { get; init; } = "Refresh";
}

[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(AdaptiveCard))]
internal sealed partial class AdaptiveCardJsonContext : JsonSerializerContext;
