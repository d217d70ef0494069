using CoPBot.Cards.Views;

namespace CoPBot.Cards.Builders;

/// <summary>Short answers: a finished action confirmed in one line, with the button that undoes it where one exists.</summary>
public static class ReplyCards
{
    public static CardView Done(string line, params CardAction[] undo)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(line);
        ArgumentNullException.ThrowIfNull(undo);
        return new CardView { Kind = CardKinds.Confirmation, Title = line, Actions = undo };
    }

    public static CardAction Network(string verb, string title, string handle) =>
        new(verb, title) { Data = new Dictionary<string, string> { [CardActions.NetworkKey] = handle } };

    public static CardAction Session(string verb, string title, Guid session) =>
        new(verb, title) { Data = new Dictionary<string, string> { [CardActions.SessionKey] = session.ToString() } };

    public static CardAction Setting(string title, string setting, string value) =>
        new(CardActions.SetSetting, title) { Data = new Dictionary<string, string> { [CardActions.SettingKey] = setting, [CardActions.ValueKey] = value } };
}
