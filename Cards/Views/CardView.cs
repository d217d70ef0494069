namespace CoPBot.Cards.Views;

/// <summary>
/// A card written once, platform-neutral: the Adaptive Card, Block Kit and plain-text renderers turn it into
/// their own format. Every string here is plain user-visible text; renderers escape it for their format.
/// </summary>
public sealed record CardView
{
    /// <summary>Which card this is (see <see cref="CardKinds"/>); renderers and tests key on it.</summary>
    public required string Kind { get; init; }

    public required string Title { get; init; }

    /// <summary>A short line under the title: who invites, which network.</summary>
    public string? Subtitle { get; init; }

    /// <summary>Body paragraphs.</summary>
    public IReadOnlyList<string> Paragraphs { get; init; } = [];

    /// <summary>Label/value pairs: date, time, place, duration, what it asks.</summary>
    public IReadOnlyList<CardFact> Facts { get; init; } = [];

    /// <summary>Grouped lists: a roster by department, my sessions, the help topics.</summary>
    public IReadOnlyList<CardSection> Sections { get; init; } = [];

    /// <summary>Form fields, for the organizer's forms and settings.</summary>
    public IReadOnlyList<CardInput> Inputs { get; init; } = [];

    public IReadOnlyList<CardAction> Actions { get; init; } = [];

    /// <summary>Links that open outside the chat (the personal calendar file).</summary>
    public IReadOnlyList<CardLink> Links { get; init; } = [];

    /// <summary>The reader's current state after an action ("You're going. Changed your mind?").</summary>
    public string? Status { get; init; }

    /// <summary>Problems with a submitted form that are not tied to a single field.</summary>
    public IReadOnlyList<string> Errors { get; init; } = [];

    /// <summary>
    /// On a card many people share (a Teams group chat or channel): how each reader's client asks for their own view
    /// of it. Null on a card for one reader. Platforms without per-person card views ignore it.
    /// </summary>
    public CardRefresh? Refresh { get; init; }
}

/// <summary>
/// The action a client runs to turn a shared card into its reader's own view (Adaptive Card Universal Actions
/// <c>refresh</c>), and the people whose clients run it by themselves: at most <see cref="MaxUserIds"/>, the limit
/// Teams sets. In small chats Teams refreshes the card for everyone, so the view answered must suit any reader.
/// </summary>
public sealed record CardRefresh(CardAction Action, IReadOnlyList<string> UserIds)
{
    public const int MaxUserIds = 60;
}

public sealed record CardFact(string Label, string Value);

/// <summary>A link button; <see cref="Url"/> is built by CoPBot, never taken from user text.</summary>
public sealed record CardLink(string Title, Uri Url);

public sealed record CardSection(string Heading, IReadOnlyList<CardItem> Items);

/// <summary>One line of a section, optionally with its own actions (e.g. a session in "my sessions").</summary>
public sealed record CardItem(string Text, string? Detail = null)
{
    public IReadOnlyList<CardAction> Actions { get; init; } = [];
}

public enum CardActionStyle
{
    Default,
    Positive,
    /// <summary>Not "destructive": declining is a normal, equal choice (rule 3), so it never gets a warning colour.</summary>
    Quiet,
}

/// <summary>A button. <see cref="Verb"/> comes from <see cref="CardActions"/>; data is a small flat map of ids.</summary>
public sealed record CardAction(string Verb, string Title)
{
    public IReadOnlyDictionary<string, string> Data { get; init; } = new Dictionary<string, string>();

    public CardActionStyle Style { get; init; } = CardActionStyle.Default;
}

public enum CardInputKind
{
    Text,
    MultilineText,
    Date,
    Time,
    Number,
    Choice,
    Toggle,
}

public sealed record CardInput(string Id, string Label, CardInputKind Kind)
{
    public string? Value { get; init; }

    public string? Placeholder { get; init; }

    public bool Required { get; init; }

    public int? MaxLength { get; init; }

    public double? Min { get; init; }

    public double? Max { get; init; }

    public IReadOnlyList<CardChoice> Choices { get; init; } = [];

    /// <summary>Set when a submitted form comes back with a problem in this field.</summary>
    public string? Error { get; init; }
}

public sealed record CardChoice(string Value, string Title);
