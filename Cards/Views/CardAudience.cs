namespace CoPBot.Cards.Views;

/// <summary>
/// Who will see a card. A card for one reader may speak to them ("You're going", their own buttons); a card posted in
/// a shared conversation (a Teams group chat or channel, a Slack channel) is seen by many, so it carries nothing
/// personal: no "you", no personal calendar link, and the buttons anyone may press.
/// </summary>
public enum CardAudience
{
    /// <summary>A personal chat, or a private (ephemeral) reply: the reader alone sees it.</summary>
    Reader,

    /// <summary>A group chat or channel: everyone there sees the same card.</summary>
    Shared,
}
