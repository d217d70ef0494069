using System.Globalization;
using CoPBot.Cards.Views;
using CoPBot.Services.Views;

namespace CoPBot.Cards.Builders;

/// <summary>
/// Short answers: a finished action confirmed in one line, with the button that undoes it where one exists, or a
/// one-line question answered by its buttons.
/// </summary>
public static class ReplyCards
{
    public static CardView Done(string line, params CardAction[] undo)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(line);
        ArgumentNullException.ThrowIfNull(undo);
        return new CardView { Kind = CardKinds.Confirmation, Title = line, Actions = undo };
    }

    /// <summary>"Pause IdeaLab until when?": one button per date offered, each of which pauses until it.</summary>
    public static CardView PauseUntil(string networkName, string handle, IReadOnlyList<(string Title, DateOnly Until)> choices)
    {
        ArgumentNullException.ThrowIfNull(choices);
        return Done($"Pause {networkName} until when?", [.. choices.Select(c => new CardAction(CardActions.PauseNetwork, c.Title)
        {
            Data = new Dictionary<string, string>
            {
                [CardActions.NetworkKey] = handle,
                [CardActions.UntilKey] = c.Until.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            },
        })]);
    }

    /// <summary>
    /// "Which one?" when a short answer could mean several sessions: one button per session, named as people see it
    /// ("IdeaLab · Thu 3 Dec", with the time when two fall on one day), each answering that session alone with
    /// <paramref name="verb"/>.
    /// </summary>
    public static CardView WhichOne(string verb, IReadOnlyList<SessionSummary> sessions)
    {
        ArgumentNullException.ThrowIfNull(sessions);
        var labels = sessions.Select(s => Format.Label(s)).ToList();
        return new CardView
        {
            Kind = CardKinds.Choice,
            Title = "Which one?",
            Actions = sessions.Select((s, i) => Session(verb, Format.Label(s, withTime: labels.Count(l => l == labels[i]) > 1), s.Id)).ToList(),
        };
    }

    /// <summary>
    /// "Leave which network?" when a request names none and the person is in several: one button per network, named as
    /// people know it, each doing <paramref name="verb"/> to that network alone.
    /// </summary>
    public static CardView WhichNetwork(string question, string verb, IReadOnlyList<NetworkSummary> networks)
    {
        ArgumentNullException.ThrowIfNull(networks);
        return new CardView
        {
            Kind = CardKinds.Choice,
            Title = question,
            Actions = networks.Select(n => Network(verb, n.Name, n.Handle)).ToList(),
        };
    }

    public static CardAction Network(string verb, string title, string handle) =>
        new(verb, title) { Data = new Dictionary<string, string> { [CardActions.NetworkKey] = handle } };

    public static CardAction Session(string verb, string title, Guid session) =>
        new(verb, title) { Data = new Dictionary<string, string> { [CardActions.SessionKey] = session.ToString() } };

    public static CardAction Setting(string title, string setting, string value) =>
        new(CardActions.SetSetting, title) { Data = new Dictionary<string, string> { [CardActions.SettingKey] = setting, [CardActions.ValueKey] = value } };
}
