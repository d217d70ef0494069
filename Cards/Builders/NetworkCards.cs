using CoPBot.Cards.Views;
using CoPBot.Services.Domain;
using CoPBot.Services.Views;

namespace CoPBot.Cards.Builders;

/// <summary>Cards about networks and who is in them.</summary>
public static class NetworkCards
{
    /// <summary>Every network the reader may join, each with one-tap join or leave.</summary>
    public static CardView List(IReadOnlyList<NetworkSummary> networks, CardAudience audience = CardAudience.Reader)
    {
        ArgumentNullException.ThrowIfNull(networks);
        return new CardView
        {
            Kind = CardKinds.Networks,
            Title = "Learning networks",
            Paragraphs = networks.Count == 0
                ? ["There are no networks yet. Organizers start one with \"new network <name>\"."]
                : ["Join the ones that help you. You can follow announcements only, pause, or leave any time, quietly."],
            Sections = networks.Count == 0 ? [] :
            [
                new CardSection("Networks", networks.Select(n => Item(n, audience)).ToList()),
            ],
        };
    }

    public static CardView Details(NetworkSummary network, CardAudience audience = CardAudience.Reader)
    {
        ArgumentNullException.ThrowIfNull(network);
        var facts = new List<CardFact> { new("Handle", network.Handle), new("Hosted by", string.Join(", ", network.HostOrganizations)) };
        if (network.PartnerOrganizations.Count > 0)
        {
            facts.Add(new CardFact("Partners", string.Join(", ", network.PartnerOrganizations)));
        }

        if (network.Cadence is { } cadence)
        {
            facts.Add(new CardFact("Rhythm", cadence));
        }

        if (network.Series is { } series)
        {
            facts.Add(new CardFact("Series", series));
        }

        facts.Add(new CardFact("Members", network.MemberCount.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        if (network.NextSession is { } next)
        {
            facts.Add(new CardFact("Next session", $"{next.Title}, {Format.Brief(next)} ({next.Reference})"));
        }

        return new CardView
        {
            Kind = CardKinds.Networks,
            Title = network.Name,
            Paragraphs = string.IsNullOrEmpty(network.Purpose) ? [] : [network.Purpose],
            Facts = facts,
            Actions = MembershipActions(network, audience),
            Status = audience == CardAudience.Shared ? null : MembershipStatus(network),
        };
    }

    public static string? MembershipStatus(NetworkSummary network)
    {
        ArgumentNullException.ThrowIfNull(network);
        if (!network.IsMember)
        {
            return network.IsOrganizer ? "You organize this network." : null;
        }

        if (network.PausedUntil is { } paused)
        {
            return $"You're a member. Invitations are paused until {Format.Date(paused)}; they resume by themselves.";
        }

        return network.Level == MembershipLevel.AnnouncementsOnly
            ? "You're a member and follow announcements only. No personal invitations."
            : "You're a member and get personal invitations.";
    }

    /// <summary>
    /// "Who else?": names by organization and department, plus a count of the others. Nobody who declined or did
    /// not answer is ever listed (rule 4).
    /// </summary>
    public static CardView Roster(RosterView roster)
    {
        ArgumentNullException.ThrowIfNull(roster);
        var paragraphs = new List<string>();
        if (roster.CountsOnly)
        {
            paragraphs.Add(roster.Scope == "session"
                ? $"{Count(roster.Others, "person is", "people are")} going. Names are shown to fellow members."
                : $"{Count(roster.Others, "member", "members")}. Names are shown to fellow members: join to see who's there.");
        }
        else if (roster.Total == 0)
        {
            paragraphs.Add(roster.Scope == "session" ? "Nobody has said yes yet." : "No members yet.");
        }
        else
        {
            if (roster.MoreVisible > 0)
            {
                paragraphs.Add($"The first {roster.Total - roster.MoreVisible - roster.Others} are listed; {roster.MoreVisible} more are not shown here.");
            }

            if (roster.Others > 0)
            {
                paragraphs.Add($"And {Count(roster.Others, "other who prefers", "others who prefer")} not to be listed.");
            }
        }

        return new CardView
        {
            Kind = CardKinds.Roster,
            Title = roster.Title,
            Paragraphs = paragraphs,
            Sections = roster.Groups.Select(g => new CardSection($"{g.Organization} · {g.Department}", g.Names.Select(n => new CardItem(n)).ToList())).ToList(),
            Actions = roster.CountsOnly && roster.Scope == "network"
                ? [new CardAction(CardActions.JoinNetwork, "Join") { Data = new Dictionary<string, string> { [CardActions.NetworkKey] = roster.Reference } }]
                : [],
        };
    }

    /// <summary>A colleague's personal invitation to a network (rule 2): yes joins, no is free.</summary>
    public static CardView ColleagueInvitation(ColleagueInvitationView invitation, bool answered = false)
    {
        ArgumentNullException.ThrowIfNull(invitation);
        var network = invitation.Network;
        var data = new Dictionary<string, string> { ["invitation"] = invitation.Id.ToString(), [CardActions.NetworkKey] = network.Handle };
        return new CardView
        {
            Kind = CardKinds.ColleagueInvitation,
            Title = $"{invitation.InviterName} thought you might like {network.Name}",
            Paragraphs = [network.Purpose, "This is a personal invitation, sent once. If it's not for you, just say no thanks, or ignore it: nobody will ask again."],
            Facts = Details(network).Facts,
            Actions = answered || network.IsMember ? [] :
            [
                new CardAction(CardActions.AcceptColleagueInvitation, "Join") { Data = data },
                new CardAction(CardActions.DeclineColleagueInvitation, "No thanks") { Data = data },
            ],
            Status = network.IsMember ? MembershipStatus(network) : answered ? "No problem, thanks for letting us know." : null,
        };
    }

    public static CardView Welcome() => new()
    {
        Kind = CardKinds.Welcome,
        Title = "Hi, I'm CoPBot",
        Paragraphs =
        [
            "I help learning networks meet in person: I pass on invitations to sessions, and you answer with a tap.",
            "Everything is opt-in. You only hear from a network after you join it, \"no thanks\" is always one tap, and nobody ever sees who said no.",
            "Type \"networks\" to see what's on offer, or \"help\" for everything I understand.",
        ],
        Actions = [new CardAction(CardActions.Help, "Help")],
    };

    private static CardItem Item(NetworkSummary network, CardAudience audience)
    {
        var detail = string.Join(" · ", new[]
        {
            network.Cadence,
            string.Join(", ", network.HostOrganizations),
            $"{network.MemberCount} members",
            audience == CardAudience.Shared ? null : network.IsOrganizer ? "you organize it" : network.IsMember ? (network.Level == MembershipLevel.AnnouncementsOnly ? "you follow announcements" : "you're a member") : null,
        }.Where(s => !string.IsNullOrEmpty(s)));
        return new CardItem($"{network.Name} ({network.Handle})", detail) { Actions = MembershipActions(network, audience) };
    }

    /// <summary>
    /// The reader's buttons: an organizer schedules (and is never asked to join their own network), a member sees who
    /// is in it and may leave, anyone else may join. A shared card offers what anyone there may press.
    /// </summary>
    private static List<CardAction> MembershipActions(NetworkSummary network, CardAudience audience)
    {
        var data = new Dictionary<string, string> { [CardActions.NetworkKey] = network.Handle };
        var who = new CardAction(CardActions.WhoIsInNetwork, "Who's in it?") { Data = data };
        var leave = new CardAction(CardActions.LeaveNetwork, "Leave") { Data = data, Style = CardActionStyle.Quiet };
        if (audience == CardAudience.Shared || (!network.IsMember && !network.IsOrganizer))
        {
            return [new CardAction(CardActions.JoinNetwork, "Join") { Data = data }, who];
        }

        return network.IsOrganizer
            ? [new CardAction(CardActions.OpenScheduleForm, "Schedule a session") { Data = data }, who, .. network.IsMember ? [leave] : Array.Empty<CardAction>()]
            : [who, leave];
    }

    private static string Count(int n, string one, string many) => n == 1 ? $"1 {one}" : $"{n} {many}";
}
