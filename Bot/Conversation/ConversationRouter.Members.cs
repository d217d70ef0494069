using System.Globalization;
using CoPBot.Cards;
using CoPBot.Cards.Builders;
using CoPBot.Cards.Views;
using CoPBot.Services.App;
using CoPBot.Services.Domain;
using CoPBot.Services.Outbox;
using CoPBot.Services.Views;

namespace CoPBot.Bot.Conversation;

/// <summary>What every member can do: join, answer, ask who else, and control their own attention.</summary>
internal sealed partial class ConversationRouter
{
    private async Task<ChatReply> JoinAsync(Actor actor, string args, CommandSpec spec, CancellationToken cancellationToken)
    {
        var lower = args.ToLowerInvariant();
        var announcementsOnly = lower.EndsWith(" announcements only", StringComparison.Ordinal) || lower.EndsWith(" announcements", StringComparison.Ordinal);
        var handle = announcementsOnly ? args[..args.LastIndexOf(" announcements", StringComparison.OrdinalIgnoreCase)] : args;
        var result = await networks.JoinAsync(actor, Require(handle, spec), announcementsOnly ? MembershipLevel.AnnouncementsOnly : MembershipLevel.Invitations, cancellationToken);
        return JoinReply(actor, result, announcementsOnly) with { Shown = JoinContext(result, announcementsOnly) };
    }

    /// <summary>
    /// The network's next session a newcomer's "count me in" or "who's going?" means: the one their join invited them
    /// to, or the next one when no invitation is out to them yet (answering it creates the invitation). None when the
    /// join brought several invitations, or one to another session: a bare answer then asks which.
    /// </summary>
    private SessionSummary? NextAfterJoin(JoinResult result, bool announcementsOnly) =>
        !announcementsOnly && result.Invited <= 1 && result.Network.NextSession is { } next && Answerable(next)
            && (result.Invited == 0 || next.MyAnswer == Answer.None)
            ? next
            : null;

    /// <summary>After a join the network is in context, and so is its obvious next session (<see cref="NextAfterJoin"/>).</summary>
    private ShownContext JoinContext(JoinResult result, bool announcementsOnly) =>
        new(NextAfterJoin(result, announcementsOnly) is { } next ? [next.Id] : [], [result.Network.Handle]);

    private ChatReply JoinReply(Actor actor, JoinResult result, bool announcementsOnly)
    {
        var network = result.Network;
        if (result.AlreadyMember)
        {
            return NextSessionMentioned($"You're already in {network.Name}.", NextAfterJoin(result, announcementsOnly));
        }

        if (result.WasMember)
        {
            return announcementsOnly
                ? Done(StoppedText(network), ReplyCards.Network(CardActions.ResumeNetwork, "Undo", network.Handle))
                : Done(ResumedText(network), ReplyCards.Network(CardActions.StopInviting, "Undo", network.Handle));
        }

        var text = announcementsOnly ? $"You're in {network.Name}, for announcements only." : $"You're in {network.Name}.";
        if (result.Invited > 0)
        {
            text += result.Held is { } held
                ? " " + HeldText(actor, result.Invited == 1 ? "invitation to its next session" : $"invitations to its next {result.Invited} sessions", held)
                : result.Invited == 1 ? " An invitation to its next session is on its way." : $" Invitations to its next {result.Invited} sessions are on their way.";
        }

        var undo = ReplyCards.Network(CardActions.LeaveNetwork, "Undo", network.Handle);
        if (result.Held is not null)
        {
            return Done(text, new CardAction(CardActions.ShowHeld, "Show it now") { Style = CardActionStyle.Positive }, undo);
        }

        return result.Invited == 0 ? NextSessionMentioned(text, NextAfterJoin(result, announcementsOnly), undo) : Done(text, undo);
    }

    /// <summary>
    /// "You're in IdeaLab. Its next session is …": what a newcomer's "count me in" would answer, with its details a tap
    /// away. Only a session they have not answered yet is named; it is no invitation, so no answer is asked for.
    /// </summary>
    private static ChatReply NextSessionMentioned(string text, SessionSummary? next, params CardAction[] actions) =>
        next is { MyAnswer: null or Answer.None }
            ? Done($"{text} Its next session is {next.Title}, {Format.Brief(next)}.", [ReplyCards.Session(CardActions.ShowSession, "Details", next.Id), .. actions])
            : Done(text, actions);

    /// <summary>
    /// What the person is told when a message they just triggered waits: when it will arrive in their zone, why,
    /// and how to see it now. A zone that is only the fallback is named, with how to set one's own.
    /// </summary>
    private string HeldText(Actor actor, string what, HeldMessage held)
    {
        var why = held.Reason == DeferReason.WeeklyCap ? "within your weekly limit of invitations" : "after your quiet hours";
        var zone = actor.TimeZoneId == "UTC" ? " (UTC: tell me yours with \"settings timezone Chicago\")" : "";
        return $"Your {what} will arrive at {Format.Later(held.NotBefore, clock.GetUtcNow().UtcDateTime, actor.TimeZoneId)}{zone}, {why}. Type \"show it now\" to see it here now.";
    }

    private async Task<ChatReply> ShowHeldAsync(Actor actor, CancellationToken cancellationToken)
    {
        var held = await sessions.ShowHeldInvitationsAsync(actor, cancellationToken);
        return held.Count == 0
            ? new ChatReply { Text = "Nothing is waiting for you: every invitation has reached you.", Private = true }
            : new ChatReply { Cards = [.. held.Select(s => SessionCards.Invitation(s, CalendarBase))], Private = true, Shown = ShowsSessions(held) };
    }

    /// <summary>"leave idealab"; "leave", "unsubscribe me", "leave this group": the person's only network, else which one.</summary>
    private Task<ChatReply> LeaveTextAsync(Actor actor, string args, CancellationToken cancellationToken) =>
        OnNamedOrOwnNetworkAsync(actor, args, _ => true, CardActions.LeaveNetwork, ("Leave which network?", "You're not in any network."),
            handle => LeaveAsync(actor, handle, cancellationToken), cancellationToken);

    /// <summary>Words that stand where a network's name would and, alone, name none: "leave this group", "unsubscribe me".</summary>
    private static readonly string[] NotANetwork = ["me", "it", "this", "that", "the", "my", "our", "from", "of", "to", "for", "network", "group", "community", "one", "anymore", "again", "please", "any", "more"];

    /// <summary>
    /// A request about a network that names none: done for the person's only network it applies to; with several,
    /// the question and a button for each, never a guess; with none, what is true.
    /// </summary>
    private async Task<ChatReply> OnNamedOrOwnNetworkAsync(
        Actor actor, string named, Func<NetworkSummary, bool> applies, string verb, (string Which, string None) say, Func<string, Task<ChatReply>> act,
        CancellationToken cancellationToken)
    {
        if (named.Split(' ', StringSplitOptions.RemoveEmptyEntries).Any(w => !NotANetwork.Contains(w, StringComparer.OrdinalIgnoreCase)))
        {
            return await act(named.Trim());
        }

        var mine = (await networks.MineAsync(actor, cancellationToken)).Where(n => n.IsMember && applies(n)).ToList();
        return mine.Count switch
        {
            0 => new ChatReply { Text = say.None, Private = true },
            1 => await act(mine[0].Handle),
            _ => new ChatReply { Cards = [ReplyCards.WhichNetwork(say.Which, verb, mine)], Private = true, Shown = ShowsNetworks(mine.Select(n => n.Handle)) },
        };
    }

    /// <summary>Silent (rule 7): nobody else is told, and the one line asks nothing.</summary>
    private async Task<ChatReply> LeaveAsync(Actor actor, string handle, CancellationToken cancellationToken)
    {
        var network = await networks.LeaveAsync(actor, handle, cancellationToken);
        return Done($"You've left {network.Name}.", ReplyCards.Network(CardActions.JoinNetwork, "Rejoin", network.Handle));
    }

    private async Task<ChatReply> PauseAsync(Actor actor, string args, CommandSpec spec, CancellationToken cancellationToken)
    {
        var until = args.IndexOf(" until ", StringComparison.OrdinalIgnoreCase);
        if (until <= 0)
        {
            return string.IsNullOrWhiteSpace(args)
                ? throw new DomainException($"Type it like this: {spec.Usage}, e.g. \"pause idealab until March 1\".")
                : await AskPauseUntilAsync(actor, args.Trim(), cancellationToken);
        }

        var zone = TimeZones.Find(actor.TimeZoneId);
        if (!NaturalDateTime.TryParseDate(args[(until + 7)..], clock.GetUtcNow(), zone, out var date, out var error))
        {
            throw new DomainException(error ?? "I couldn't read that date. Try \"2027-03-01\" or \"March 1\".");
        }

        return await PauseUntilAsync(actor, args[..until], date, cancellationToken);
    }

    /// <summary>"mute idealab" without a date: "Until when?", with a button for each of a few dates in the person's zone.</summary>
    private async Task<ChatReply> AskPauseUntilAsync(Actor actor, string handle, CancellationToken cancellationToken)
    {
        var network = await networks.GetAsync(actor, handle, cancellationToken);
        if (!network.IsMember)
        {
            throw new DomainException($"You're not in {network.Name}, so there is nothing to pause.");
        }

        var today = DateOnly.FromDateTime(TimeZones.ToLocal(clock.GetUtcNow().UtcDateTime, actor.TimeZoneId));
        return new ChatReply
        {
            Cards = [ReplyCards.PauseUntil(network.Name, network.Handle, [("2 weeks", today.AddDays(14)), ("A month", today.AddMonths(1)), ("3 months", today.AddMonths(3))])],
            Private = true,
        };
    }

    private async Task<ChatReply> PauseButtonAsync(ActionCall call) =>
        DateOnly.TryParseExact(call.Data.GetValueOrDefault(CardActions.UntilKey), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? await PauseUntilAsync(call.Actor, call.Network(), date, call.Token)
            : throw new DomainException("That button lost track of its date. Type \"pause <network> until <date>\".");

    private async Task<ChatReply> PauseUntilAsync(Actor actor, string handle, DateOnly date, CancellationToken cancellationToken)
    {
        var network = await networks.PauseAsync(actor, handle, date, cancellationToken);
        return Done($"{network.Name} is paused until {Format.Date(date)}.", ReplyCards.Network(CardActions.ResumeNetwork, "Resume", network.Handle));
    }

    private async Task<ChatReply> ResumeAsync(Actor actor, string handle, CancellationToken cancellationToken)
    {
        var network = await networks.SetLevelAsync(actor, handle, MembershipLevel.Invitations, cancellationToken);
        return Done(ResumedText(network));
    }

    private async Task<ChatReply> StopInvitingAsync(Actor actor, string handle, CancellationToken cancellationToken)
    {
        var network = await networks.StopInvitingAsync(actor, handle, cancellationToken);
        return Done(StoppedText(network), ReplyCards.Network(CardActions.ResumeNetwork, "Undo", network.Handle));
    }

    /// <summary>"stop inviting me idealab"; without a network, the only network that invites the person, else which one.</summary>
    private Task<ChatReply> StopInvitingTextAsync(Actor actor, string args, CancellationToken cancellationToken) =>
        OnNamedOrOwnNetworkAsync(actor, StripWords(args, "inviting", "me", "from", "to", "for"), n => n.Level == MembershipLevel.Invitations, CardActions.StopInviting,
            ("Stop invitations from which network?", "No network sends you personal invitations now."), handle => StopInvitingAsync(actor, handle, cancellationToken), cancellationToken);

    private static string StoppedText(NetworkSummary network) => $"No more personal invitations from {network.Name}.";

    private static string ResumedText(NetworkSummary network) => $"Invitations from {network.Name} are on again.";

    /// <summary>"sessions", "sessions idealab", "sessions next week", "sessions idealab this month".</summary>
    private async Task<ChatReply> SessionsAsync(Actor actor, string args, CancellationToken cancellationToken)
    {
        var (rest, period) = SessionPeriod.Split(args);
        var handle = string.IsNullOrWhiteSpace(rest) ? null : rest;
        var list = await sessions.UpcomingAsync(actor, handle, cancellationToken);
        var title = handle is null ? "Upcoming sessions" : $"Upcoming sessions of {handle}";
        if (period is not null)
        {
            var (from, to) = period.Range(clock.GetUtcNow(), TimeZones.Find(actor.TimeZoneId));
            list = list.Where(s => s.StartsAt >= from && s.StartsAt < to).ToList();
            title = period.Month is null ? $"{title}, {period.Name}" : $"{title} {period.Name}";
            return Cards(SessionCards.List(title, list, $"Nothing scheduled {period.Name}. Type \"sessions\" to see everything coming up.")) with { Shown = ShowsSessions(list) };
        }

        return Cards(SessionCards.List(title, list, "No sessions are scheduled yet.")) with { Shown = ShowsSessions(list) };
    }

    private async Task<ChatReply> MySessionsAsync(Actor actor, CancellationToken cancellationToken)
    {
        var mine = await sessions.MySessionsAsync(actor, cancellationToken);
        return Cards(SessionCards.List("Your sessions", mine, "Nothing coming up. Type \"sessions\" to see what's on.")) with { Shown = ShowsSessions(mine) };
    }

    private async Task<ChatReply> NetworksAsync(Actor actor, ChatTurn turn, CancellationToken cancellationToken)
    {
        var list = await networks.ListAsync(actor, cancellationToken);
        return (await NetworksHereAsync(actor, turn, list, cancellationToken)) with { Shown = ShowsNetworks(list.Select(n => n.Handle)) };
    }

    private async Task<ChatReply> NetworkAsync(Actor actor, ChatTurn turn, string handle, CancellationToken cancellationToken)
    {
        var network = await networks.GetAsync(actor, handle, cancellationToken);
        return (await NetworkHereAsync(actor, turn, network, cancellationToken)) with { Shown = ShowsNetworks([network.Handle]) };
    }

    /// <summary>"session idealab-3"; "session it" and "session it agenda" (from "where is it?", "what's the agenda?") ask about the one in context.</summary>
    private async Task<ChatReply> SessionAsync(Actor actor, ChatTurn turn, string reference, CancellationToken cancellationToken)
    {
        var words = reference.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries);
        if (IsPointer(words[0]) && (words.Length == 1 || words[1].Equals("agenda", StringComparison.OrdinalIgnoreCase)))
        {
            return await AboutSessionInContextAsync(actor, turn, agenda: words.Length > 1, cancellationToken);
        }

        var session = await sessions.GetAsync(actor, reference, cancellationToken);
        return (await SessionHereAsync(actor, turn, session, null, cancellationToken)) with { Shown = ShowsSessions([session]) };
    }

    private async Task<ChatReply> SessionRosterAsync(Actor actor, string reference, CancellationToken cancellationToken) =>
        await SessionRosterAsync(actor, await sessions.GetAsync(actor, reference, cancellationToken), cancellationToken);

    private async Task<ChatReply> NetworkRosterAsync(Actor actor, string handle, CancellationToken cancellationToken) =>
        new() { Cards = [NetworkCards.Roster(await rosters.NetworkAsync(actor, handle, cancellationToken))], Private = true, Shown = ShowsNetworks([handle]) };

    /// <summary>
    /// "who idealab" (the network), "who idealab-3" or "who is going to idealab" (a session). "who is going" alone is
    /// about the session in context, "who is in it" about the network in context.
    /// </summary>
    private async Task<ChatReply> WhoAsync(Actor actor, ChatTurn turn, string args, CommandSpec spec, CancellationToken cancellationToken)
    {
        var words = args.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        var aboutSession = words.Any(w => w.ToLowerInvariant() is "going" or "attends" or "attending" or "comes" or "coming" or "goes");
        var filler = new[] { "else", "is", "are", "going", "to", "attends", "attending", "comes", "coming", "goes", "in", "the", "of", "at", "belongs", "belong", "member", "members", "session" };
        var target = string.Join(' ', words.Where(w => !filler.Contains(w, StringComparer.OrdinalIgnoreCase)));
        if (target.Length == 0 && !aboutSession)
        {
            Require(target, spec);
        }

        if (target.Length == 0 || (aboutSession && IsPointer(target)))
        {
            return await SessionInContextAsync(actor, turn, cancellationToken) is { } session
                ? await SessionRosterAsync(actor, session, cancellationToken)
                : Done("You have no session coming up, so there's nobody to show yet.", SeeSessions);
        }

        if (IsPointer(target))
        {
            var network = await NetworkInContextAsync(actor, turn, cancellationToken)
                ?? throw new DomainException("Which network? Type \"networks\" to see them, then \"who is in <network>\".");
            return Cards(NetworkCards.Roster(await rosters.NetworkAsync(actor, network, cancellationToken))) with { Shown = ShowsNetworks([network]) };
        }

        var reference = SessionRef.Parse(target);
        if (aboutSession || reference.Number is not null || reference.Id is not null)
        {
            return await SessionRosterAsync(actor, await sessions.GetAsync(actor, target, cancellationToken), cancellationToken);
        }

        var roster = await rosters.NetworkAsync(actor, target, cancellationToken);
        return Cards(NetworkCards.Roster(roster)) with { Shown = ShowsNetworks([roster.Reference]) };
    }

    private async Task<ChatReply> SessionRosterAsync(Actor actor, SessionSummary session, CancellationToken cancellationToken) =>
        new() { Cards = [NetworkCards.Roster(await rosters.SessionAsync(actor, session.Id.ToString(), cancellationToken))], Private = true, Shown = ShowsSessions([session]) };

    /// <summary>
    /// "yes", "no", "rsvp no idealab-3": one word answers the latest invitation. A "no" gets a short thanks and
    /// nothing else: no reason asked, no "are you sure" (rule 3).
    /// </summary>
    private async Task<ChatReply> RsvpTextAsync(Actor actor, ChatTurn turn, string args, CommandSpec spec, CancellationToken cancellationToken)
    {
        var words = args.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0 || words[0].ToLowerInvariant() is not ("yes" or "no" or "y" or "n"))
        {
            throw new DomainException($"Type it like this: {spec.Usage}");
        }

        var yes = words[0].StartsWith('y');
        if (!yes && words.Length == 1 && await NotThisTimeForIntroductionAsync(actor, cancellationToken) is { } introduction)
        {
            return introduction;
        }

        var reference = words.Length > 1 ? StripWords(words[1], "to", "for", "thanks") : "";
        if (reference.Length == 0)
        {
            return await BareAnswerAsync(actor, turn, yes, cancellationToken);
        }

        var result = await sessions.RsvpAsync(actor, reference, yes, cancellationToken);
        return AnswerReply(result);
    }

    /// <summary>An answer in one line; a yes or a waitlist place comes with "Can't make it", a no with nothing more (rule 3).</summary>
    private static ChatReply AnswerReply(RsvpResult result) => (result.Answer is Answer.Yes or Answer.Waitlisted
        ? Done(AnswerText(result), ReplyCards.Session(CardActions.RsvpNo, "Can't make it", result.Session.Id))
        : new ChatReply { Text = AnswerText(result), Private = true }) with { Shown = ShowsSessions([result.Session]) };

    private static string AnswerText(RsvpResult result) => result.Answer switch
    {
        Answer.None when result.Session.OfferExpired => SessionCards.StatusLine(result.Session)!,
        Answer.Yes => $"You're going to {result.Session.Title} · {Format.Brief(result.Session)}.",
        Answer.Waitlisted => $"{result.Session.Title} is full, so you're on the waitlist. If a place opens, you'll get an offer.",
        _ => "No problem, thanks for letting us know.",
    };

    private async Task<ChatReply> SettingsTextAsync(Actor actor, string args, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(args))
        {
            return Cards(PersonCards.Settings(await people.GetSettingsAsync(actor, cancellationToken)));
        }

        var parts = args.Split(' ', 2, StringSplitOptions.TrimEntries);
        return await ChangeSettingAsync(actor, parts[0], parts.Length > 1 ? parts[1] : "", cancellationToken);
    }

    /// <summary>
    /// One setting changed, answered with that setting alone and a button that puts the old value back. The
    /// answer shows the stored value, never the typed text.
    /// </summary>
    private async Task<ChatReply> ChangeSettingAsync(Actor actor, string setting, string value, CancellationToken cancellationToken)
    {
        var key = setting.Trim().ToLowerInvariant() switch
        {
            "timezone" or "zone" or "tz" => "timezone",
            "visibility" or "roster" => "visibility",
            "quiet" => "quiet",
            "reminders" => "reminders",
            "limit" or "cap" => "limit",
            "department" => "department",
            _ => throw new DomainException("Settings are: timezone <zone>, visibility members|organization|hidden, quiet 20:00-08:00, reminders on|off, limit <n>, department <name>."),
        };
        var change = key switch
        {
            "timezone" => new SettingsChange { TimeZoneId = value },
            "visibility" => new SettingsChange { Visibility = ParseVisibility(value) },
            "quiet" => ParseQuietHours(value),
            "reminders" => new SettingsChange { Reminders = ParseOnOff(value) },
            "limit" => new SettingsChange { WeeklyInvitationCap = int.TryParse(value, out var cap) ? cap : throw new DomainException("Type a number, e.g. \"settings limit 2\".") },
            _ => new SettingsChange { Department = value },
        };
        var before = await people.GetSettingsAsync(actor, cancellationToken);
        var after = await people.UpdateSettingsAsync(actor, change, cancellationToken);
        var undo = ReplyCards.Setting("Undo", key, SettingValue(before, key));
        return key switch
        {
            "timezone" => Done($"Your time zone is {after.TimeZoneId}.", undo),
            "visibility" => Done(VisibilityLine(after.Visibility), undo),
            "quiet" => Done($"Quiet hours are {Format.Time(after.QuietHoursStart)}–{Format.Time(after.QuietHoursEnd)}.", undo),
            "reminders" => Done(after.Reminders ? "Reminders are on." : "Reminders are off.", ReplyCards.Setting(after.Reminders ? "Turn off" : "Turn on", key, after.Reminders ? "off" : "on")),
            "limit" => Done($"At most {after.WeeklyInvitationCap} invitations a week.", undo),
            _ => Done(after.Department is { } department ? $"Your department is {UserText.Clip(department)}." : "No department is shown for you.", undo),
        };
    }

    /// <summary>A setting's value as "settings &lt;setting&gt; &lt;value&gt;" takes it.</summary>
    private static string SettingValue(SettingsView settings, string key) => key switch
    {
        "timezone" => settings.TimeZoneId,
        "visibility" => settings.Visibility.ToString().ToLowerInvariant(),
        "quiet" => $"{Format.Time(settings.QuietHoursStart)}-{Format.Time(settings.QuietHoursEnd)}",
        "reminders" => settings.Reminders ? "on" : "off",
        "limit" => settings.WeeklyInvitationCap.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => settings.Department ?? "",
    };

    private static string VisibilityLine(RosterVisibility visibility) => visibility switch
    {
        RosterVisibility.Members => "Fellow members see your name on rosters.",
        RosterVisibility.Organization => "Fellow members from your organization see your name on rosters.",
        _ => "Nobody sees your name on rosters.",
    };

    private static RosterVisibility ParseVisibility(string value) => value.Trim().ToLowerInvariant() switch
    {
        "members" or "visible" or "everyone" => RosterVisibility.Members,
        "organization" or "organisation" or "org" => RosterVisibility.Organization,
        "hidden" or "nobody" or "none" or "private" => RosterVisibility.Hidden,
        _ => throw new DomainException("Visibility is one of: members, organization, hidden."),
    };

    private static SettingsChange ParseQuietHours(string value)
    {
        if (value.Trim().ToLowerInvariant() is "off" or "none" or "no")
        {
            // The same start and end: no quiet hours at all.
            return new SettingsChange { QuietHoursStart = TimeOnly.MinValue, QuietHoursEnd = TimeOnly.MinValue };
        }

        var parts = value.Split(['-', '–', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(p => p != "to").ToArray();
        if (parts.Length == 2 && NaturalDateTime.TryParseTime(parts[0], out var start) && NaturalDateTime.TryParseTime(parts[1], out var end))
        {
            return new SettingsChange { QuietHoursStart = start, QuietHoursEnd = end };
        }

        throw new DomainException("Type quiet hours like this: \"settings quiet 20:00-08:00\".");
    }

    private static bool ParseOnOff(string value) => value.Trim().ToLowerInvariant() switch
    {
        "on" or "yes" or "true" => true,
        "off" or "no" or "false" => false,
        _ => throw new DomainException("Type \"settings reminders on\" or \"settings reminders off\"."),
    };

    private async Task<ChatReply> InviteColleagueAsync(Actor actor, string args, CommandSpec spec, CancellationToken cancellationToken)
    {
        var to = args.LastIndexOf(" to ", StringComparison.OrdinalIgnoreCase);
        if (to <= 0)
        {
            throw new DomainException($"Type it like this: {spec.Usage}");
        }

        var name = args[..to].Trim().TrimStart('@');
        var handle = args[(to + 4)..].Trim();
        var matches = await people.FindByNameAsync(actor, name, cancellationToken);
        if (matches.Count == 0)
        {
            throw new DomainException($"I don't know a colleague called \"{UserText.Clip(name)}\" yet. They need to have said hello to CoPBot once.");
        }

        if (matches.Count > 1)
        {
            throw new DomainException($"Several colleagues match \"{UserText.Clip(name)}\": {string.Join(", ", matches.Take(5).Select(p => p.DisplayName))}. Type the full name.");
        }

        var result = await networks.InviteColleagueAsync(actor, handle, matches[0].Id, cancellationToken);
        return new ChatReply
        {
            Private = true,
            Text = result.Outcome switch
            {
                ColleagueInviteOutcome.Invited => $"I've passed your invitation to {result.ColleagueName}, once. If they don't answer, nobody will ask again.",
                ColleagueInviteOutcome.AlreadyMember => $"{result.ColleagueName} is already a member.",
                _ => $"{result.ColleagueName} has already had a personal invitation to this network, so I won't send another. Invitations go out once.",
            },
        };
    }

    private async Task<ChatReply> MyDataAsync(Actor actor, CancellationToken cancellationToken) =>
        new() { Text = "Here is everything CoPBot keeps about you:\n" + await dataRights.ExportAsync(actor, cancellationToken), Private = true };

    private async Task<ChatReply> ForgetAsync(Actor actor, string args, CancellationToken cancellationToken)
    {
        if (!args.Equals("confirm", StringComparison.OrdinalIgnoreCase))
        {
            return new ChatReply
            {
                Private = true,
                Text = "This deletes everything CoPBot knows about you: memberships, answers, settings. Places you hold go to people waiting. " +
                       "Type \"forget me confirm\" to do it. (\"my data\" shows it all first.)",
            };
        }

        await dataRights.ForgetAsync(actor, cancellationToken);
        return new ChatReply { Private = true, Text = "Done. CoPBot has forgotten you. If you say hello again, you start fresh." };
    }
}
