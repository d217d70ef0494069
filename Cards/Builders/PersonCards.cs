using CoPBot.Cards.Views;
using CoPBot.Services.Domain;
using CoPBot.Services.Views;

namespace CoPBot.Cards.Builders;

/// <summary>The person's own controls (rules 5, 7, 10) and the help.</summary>
public static class PersonCards
{
    public const string TimeZoneInput = "timezone";
    public const string VisibilityInput = "visibility";
    public const string QuietStartInput = "quietStart";
    public const string QuietEndInput = "quietEnd";
    public const string RemindersInput = "reminders";
    public const string WeeklyCapInput = "weeklyCap";

    public static CardView Settings(SettingsView settings, IReadOnlyDictionary<string, string>? errors = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        errors ??= new Dictionary<string, string>();
        return new CardView
        {
            Kind = CardKinds.Settings,
            Title = "Your settings",
            Paragraphs = ["These are yours alone. Organizers never see them."],
            Facts =
            [
                new("Time zone", settings.TimeZoneChosen ? settings.TimeZoneId : $"{settings.TimeZoneId} (from your device)"),
                new("On rosters", VisibilityText(settings.Visibility)),
                new("Quiet hours", $"{Format.Time(settings.QuietHoursStart)}–{Format.Time(settings.QuietHoursEnd)}"),
                new("Reminders", settings.Reminders ? "The day before sessions you said yes to" : "Off"),
                new("Invitations", $"At most {settings.WeeklyInvitationCap} a week"),
            ],
            Sections = settings.Networks.Count == 0 ? [] :
            [
                new CardSection("Your networks", settings.Networks.Select(n => new CardItem(n.Name, NetworkCards.MembershipStatus(n))
                {
                    Actions = n.IsMember
                        ? [n.Level == MembershipLevel.AnnouncementsOnly
                            ? new CardAction(CardActions.JoinNetwork, "Invite me again") { Data = Data(n) }
                            : new CardAction(CardActions.StopInviting, "Stop inviting me") { Data = Data(n), Style = CardActionStyle.Quiet },
                          new CardAction(CardActions.LeaveNetwork, "Leave") { Data = Data(n), Style = CardActionStyle.Quiet }]
                        : [],
                }).ToList()),
            ],
            Inputs =
            [
                new CardInput(TimeZoneInput, "Time zone (e.g. America/Chicago)", CardInputKind.Text) { Value = settings.TimeZoneId, MaxLength = 64, Error = errors.GetValueOrDefault(TimeZoneInput) },
                new CardInput(VisibilityInput, "Who sees my name on rosters", CardInputKind.Choice)
                {
                    Value = settings.Visibility.ToString(),
                    Choices =
                    [
                        new CardChoice(nameof(RosterVisibility.Members), "Fellow members"),
                        new CardChoice(nameof(RosterVisibility.Organization), "Fellow members from my organization"),
                        new CardChoice(nameof(RosterVisibility.Hidden), "Nobody (count me among others)"),
                    ],
                },
                new CardInput(QuietStartInput, "Quiet hours start", CardInputKind.Time) { Value = Format.Time(settings.QuietHoursStart), Error = errors.GetValueOrDefault(QuietStartInput) },
                new CardInput(QuietEndInput, "Quiet hours end", CardInputKind.Time) { Value = Format.Time(settings.QuietHoursEnd), Error = errors.GetValueOrDefault(QuietEndInput) },
                new CardInput(RemindersInput, "Remind me the day before", CardInputKind.Toggle) { Value = settings.Reminders ? "true" : "false" },
                new CardInput(WeeklyCapInput, "Most invitations per week", CardInputKind.Number) { Value = settings.WeeklyInvitationCap.ToString(System.Globalization.CultureInfo.InvariantCulture), Min = 1, Max = 20, Error = errors.GetValueOrDefault(WeeklyCapInput) },
            ],
            Actions = [new CardAction(CardActions.SaveSettings, "Save")],
        };
    }

    public static string VisibilityText(RosterVisibility visibility) => visibility switch
    {
        RosterVisibility.Members => "Fellow members see my name",
        RosterVisibility.Organization => "Fellow members from my organization see my name",
        _ => "Nobody sees my name",
    };

    /// <summary>The few everyday commands, a few lines, with "More" for the full list.</summary>
    public static CardView ShortHelp(IReadOnlyList<HelpEntry> everyday)
    {
        ArgumentNullException.ThrowIfNull(everyday);
        return new CardView
        {
            Kind = CardKinds.Help,
            Title = "What I can do",
            Sections = [new CardSection("Try", everyday.Select(e => new CardItem(e.Usage, e.Description)).ToList())],
            Actions = [new CardAction(CardActions.HelpMore, "More"), new CardAction(CardActions.MySessions, "My sessions")],
        };
    }

    /// <summary>Every command ("help more"); the organizer commands only for organizers.</summary>
    public static CardView Help(IReadOnlyList<HelpEntry> entries, bool organizer)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var sections = new List<CardSection>
        {
            new("For everyone", entries.Where(e => !e.OrganizerOnly).Select(e => new CardItem(e.Usage, e.Description)).ToList()),
        };
        if (organizer)
        {
            sections.Add(new CardSection("For organizers", entries.Where(e => e.OrganizerOnly).Select(e => new CardItem(e.Usage, e.Description)).ToList()));
        }

        return new CardView
        {
            Kind = CardKinds.Help,
            Title = "What I understand",
            Paragraphs =
            [
                "Everything here is opt-in: you only get invitations from networks you joined, and \"no thanks\" needs no reason.",
                organizer ? "Dates work like \"next Thursday 9:30\" or \"2027-01-14 14:00\", in your time zone." : "Organizers: type \"help\" in a network you organize to see your commands.",
            ],
            Sections = sections,
            Actions = [new CardAction(CardActions.MySessions, "My sessions")],
        };
    }

    private static Dictionary<string, string> Data(NetworkSummary network) => new() { [CardActions.NetworkKey] = network.Handle };
}

/// <summary>One line of help: how to type it and what it does.</summary>
public sealed record HelpEntry(string Usage, string Description, bool OrganizerOnly = false);
