using System.Globalization;
using CoPBot.Bot.Delivery;
using CoPBot.Cards;
using CoPBot.Cards.Builders;
using CoPBot.Cards.Views;
using CoPBot.Services.Addresses;
using CoPBot.Services.App;
using CoPBot.Services.Domain;
using CoPBot.Services.Storage;

namespace CoPBot.Bot.Conversation;

/// <summary>What organizers do: networks, sessions, invitations, announcements, figures.</summary>
internal sealed partial class ConversationRouter
{
    private async Task<ChatReply> NewNetworkAsync(Actor actor, ChatTurn turn, string args, CommandSpec spec, CancellationToken cancellationToken)
    {
        var (head, fields) = CommandGrammar.Fields(args);
        var name = Require(head, spec);
        var network = await networks.CreateAsync(actor, new NetworkDraft(name, fields.GetValueOrDefault("handle"), fields.GetValueOrDefault("purpose"),
            fields.GetValueOrDefault("cadence"), fields.GetValueOrDefault("series")), cancellationToken);
        return await NetworkHereAsync(actor, turn, network, cancellationToken) with
        {
            Text = $"{network.Name} is ready, with you as its organizer. People join it themselves with \"join {network.Handle}\". Next: \"schedule {network.Handle}: <title>; when: <date time>; where: <place>\".",
        };
    }

    private async Task<ChatReply> ScheduleTextAsync(Actor actor, ChatTurn turn, string args, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(args))
        {
            return Cards(OrganizerCards.ScheduleForm(await OrganizedAsync(actor, cancellationToken)));
        }

        var (head, fields) = CommandGrammar.Fields(args);
        var split = head.IndexOfAny([':', ' ']);
        var handle = split < 0 ? head : head[..split];
        if (handle.Length == 0)
        {
            handle = await OnlyOrganizedAsync(actor, cancellationToken);
        }

        var values = new Dictionary<string, string>(fields, StringComparer.OrdinalIgnoreCase);
        if (split > 0 && !values.ContainsKey("title"))
        {
            values["title"] = head[(split + 1)..].Trim();
        }
        else if (!values.ContainsKey("title") && values.Count > 0)
        {
            // "schedule idealab next Thursday 9:30": the session is named after its network.
            values["title"] = (await networks.GetAsync(actor, handle, cancellationToken)).Name;
        }

        var draft = SessionForm.FromText(values, actor.TimeZoneId, clock.GetUtcNow(), out var errors);
        if (draft is null)
        {
            throw new DomainException(string.Join(" ", errors.Values) + " Example: schedule idealab: Prototyping on paper; when: next Thursday 9:30; for: 90 min; where: Room 4B, City Hall; capacity: 12");
        }

        var session = await sessions.ScheduleAsync(actor, handle, draft, cancellationToken);
        return await SessionHereAsync(actor, turn, session,
            $"Scheduled {session.Title} as {session.Reference}. Send invitations to members who want them with \"invite {session.Reference}\", or post it in a channel with \"announce {session.Reference}\" there.",
            cancellationToken);
    }

    private async Task<ChatReply> SubmitScheduleAsync(Actor actor, ChatTurn turn, IReadOnlyDictionary<string, string> data, CancellationToken cancellationToken)
    {
        var organized = await OrganizedAsync(actor, cancellationToken);
        var draft = SessionForm.FromForm(data, actor.TimeZoneId, clock.GetUtcNow(), out var errors);
        var handle = data.GetValueOrDefault(OrganizerCards.NetworkInput);
        if (string.IsNullOrWhiteSpace(handle))
        {
            errors[OrganizerCards.NetworkInput] = "Pick a network.";
        }

        if (draft is null || errors.Count > 0)
        {
            return FormAgain(OrganizerCards.ScheduleForm(organized, data, errors));
        }

        try
        {
            var session = await sessions.ScheduleAsync(actor, handle!, draft, cancellationToken);
            return InPlace(await SessionHereAsync(actor, turn, session, $"Scheduled {session.Title} as {session.Reference}.", cancellationToken));
        }
        catch (DomainException ex)
        {
            return FormAgain(OrganizerCards.ScheduleForm(organized, data, errors, ex.Message));
        }
    }

    private async Task<ChatReply> RescheduleTextAsync(Actor actor, ChatTurn turn, string args, CommandSpec spec, CancellationToken cancellationToken)
    {
        var (head, fields) = CommandGrammar.Fields(Require(args, spec));

        // "move idealab-2 to Dec 9 at 10": the session, then its new time.
        var to = fields.Count == 0 ? head.LastIndexOf(" to ", StringComparison.OrdinalIgnoreCase) : -1;
        if (to > 0)
        {
            fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["when"] = head[(to + 4)..] };
            head = head[..to];
        }

        if (fields.Count == 0)
        {
            return Cards(OrganizerCards.RescheduleForm(await sessions.GetAsync(actor, head, cancellationToken)));
        }

        var current = await sessions.GetAsync(actor, head, cancellationToken);
        var values = new Dictionary<string, string>(fields, StringComparer.OrdinalIgnoreCase) { ["title"] = current.Title };
        if (!values.ContainsKey("where"))
        {
            values["where"] = current.Room ?? current.Address ?? "";
        }

        var draft = SessionForm.FromText(values, actor.TimeZoneId, clock.GetUtcNow(), out var errors, usualDuration: current.Duration)
            ?? throw new DomainException(string.Join(" ", errors.Values));
        var session = await sessions.RescheduleAsync(actor, head, draft.StartsAt, draft.Duration, fields.GetValueOrDefault("where"), fields.GetValueOrDefault("address"), cancellationToken);
        return await SessionHereAsync(actor, turn, session, $"Moved {session.Title} to {Format.When(session)}. People who said yes or are waiting get a short notice.", cancellationToken);
    }

    private async Task<ChatReply> SubmitRescheduleAsync(Actor actor, ChatTurn turn, IReadOnlyDictionary<string, string> data, CancellationToken cancellationToken)
    {
        var reference = data.GetValueOrDefault(CardActions.SessionKey) ?? throw new DomainException("Which session? Open the reschedule form again.");
        var current = await sessions.GetAsync(actor, reference, cancellationToken);
        var values = new Dictionary<string, string>(data) { [OrganizerCards.TitleInput] = current.Title };
        if (string.IsNullOrWhiteSpace(values.GetValueOrDefault(OrganizerCards.RoomInput)) && string.IsNullOrWhiteSpace(values.GetValueOrDefault(OrganizerCards.AddressInput)))
        {
            values[OrganizerCards.RoomInput] = current.Room ?? current.Address ?? "";
        }

        var draft = SessionForm.FromForm(values, actor.TimeZoneId, clock.GetUtcNow(), out var errors);
        if (draft is null)
        {
            return FormAgain(OrganizerCards.RescheduleForm(current, data, errors));
        }

        try
        {
            var session = await sessions.RescheduleAsync(actor, reference, draft.StartsAt, draft.Duration, draft.Room, draft.Address, cancellationToken);
            return InPlace(await SessionHereAsync(actor, turn, session, $"Moved to {Format.When(session)}.", cancellationToken));
        }
        catch (DomainException ex)
        {
            return FormAgain(OrganizerCards.RescheduleForm(current, data, errors, ex.Message));
        }
    }

    private async Task<ChatReply> RescheduleFormAsync(Actor actor, string reference, CancellationToken cancellationToken) =>
        Cards(OrganizerCards.RescheduleForm(await sessions.GetAsync(actor, reference, cancellationToken)));

    private async Task<ChatReply> StatsAsync(Actor actor, string reference, CancellationToken cancellationToken) =>
        Cards(OrganizerCards.Stats(await sessions.StatsAsync(actor, reference, cancellationToken)));

    /// <summary>The session card replaces the form that made it (the shared one, in a shared conversation).</summary>
    private static ChatReply InPlace(ChatReply reply) => reply with { UpdatedCard = reply.Cards[0], Cards = [] };

    private static ChatReply FormAgain(CardView form) => new() { UpdatedCard = form, Cards = [form], Private = true };

    private async Task<ChatReply> AnnounceAsync(Actor actor, ChatTurn turn, string reference, CancellationToken cancellationToken)
    {
        AnnouncementChannel? here = turn.Conversation.Kind == ChatConversationKind.Personal ? null : new AnnouncementChannel
        {
            Channel = turn.User.Channel, TenantId = turn.User.TenantId, ConversationId = turn.Conversation.Id, Name = turn.Conversation.Name,
        };

        // Promise nothing the bot cannot keep: it must be able to post here (it joins where the platform lets it).
        if (here is not null && senders.LastOrDefault(s => s.Channel == here.Channel) is { } sender
            && await sender.CheckChannelAsync(new ChatAddress(here.Channel, here.TenantId, here.ConversationId, ChatAddressKind.Channel, Name: here.Name), cancellationToken) is { CanPost: false } access)
        {
            return new ChatReply { Text = access.Problem, Private = true };
        }

        var result = await sessions.AnnounceAsync(actor, reference, here, cancellationToken);
        var text = result.Queued == 0
            ? $"{result.Session.Title} was already announced in its channels."
            : here is null
                ? $"Announcing {result.Session.Title} in {Plural(result.Queued, "channel", "channels")}. Announcements go to channels only, never as direct messages."
                : $"Announcing {result.Session.Title} here{(result.Queued > 1 ? $" and in {Plural(result.Queued - 1, "other channel", "other channels")}" : "")}.";
        return new ChatReply { Text = text, Private = true };
    }

    private async Task<ChatReply> SendInvitationsAsync(Actor actor, string reference, CancellationToken cancellationToken)
    {
        var run = await sessions.SendInvitationsAsync(actor, reference, cancellationToken);
        var text = run.Invited == 0
            ? run.AlreadyInvited > 0
                ? "Everyone who wants invitations already has one. Nobody is invited twice."
                : "No members want invitations yet. Announce the session in a channel instead: \"announce " + run.Session.Reference + "\"."
            : $"Inviting {Plural(run.Invited, "member", "members")} who asked for invitations. Quiet hours and weekly limits may delay some; nobody is chased.";
        return new ChatReply { Text = text, Cards = [OrganizerCards.Progress("Invitations", run.Progress, run.Session)], ProgressRunId = run.RunId };
    }

    private Task<ChatReply> CancelTextAsync(Actor actor, string args, CancellationToken cancellationToken)
    {
        const string confirm = " confirm";
        var confirmed = args.EndsWith(confirm, StringComparison.OrdinalIgnoreCase);
        return CancelAsync(actor, confirmed ? args[..^confirm.Length].Trim() : args, confirmed, cancellationToken);
    }

    /// <summary>"cancel idealab-3" asks first (a card with "Yes, cancel it"); the confirmed press or "... confirm" cancels.</summary>
    private async Task<ChatReply> CancelAsync(Actor actor, string reference, bool confirmed, CancellationToken cancellationToken)
    {
        if (!confirmed)
        {
            var shown = await sessions.GetAsync(actor, reference, cancellationToken);
            if (!shown.ReaderIsOrganizer)
            {
                throw new DomainException("Only the organizers of a session can cancel it.");
            }

            return new ChatReply { Cards = [SessionCards.ConfirmCancel(shown)], Private = true };
        }

        var session = await sessions.CancelAsync(actor, reference, cancellationToken);
        return new ChatReply { Text = $"Cancelled {session.Title}. Only people who said yes or were waiting get a short notice." };
    }

    private async Task<ChatReply> OpenToPartnerAsync(Actor actor, string args, CommandSpec spec, CancellationToken cancellationToken)
    {
        var to = args.LastIndexOf(" to ", StringComparison.OrdinalIgnoreCase);
        if (to <= 0)
        {
            throw new DomainException($"Type it like this: {spec.Usage}");
        }

        var network = await networks.OpenToPartnerAsync(actor, args[..to], args[(to + 4)..], cancellationToken);
        return new ChatReply { Text = $"{network.Name} is now open to {string.Join(", ", network.PartnerOrganizations)}. Their people can find and join it; nobody is added." };
    }

    private async Task<ChatReply> AddOrganizerAsync(Actor actor, string args, CommandSpec spec, CancellationToken cancellationToken)
    {
        var to = args.LastIndexOf(" to ", StringComparison.OrdinalIgnoreCase);
        if (to <= 0)
        {
            throw new DomainException($"Type it like this: {spec.Usage}");
        }

        var handle = args[(to + 4)..];
        var matches = await networks.FindOrganizerCandidatesAsync(actor, handle, args[..to].Trim().TrimStart('@'), cancellationToken);
        if (matches.Count != 1)
        {
            throw new DomainException(matches.Count == 0 ? "I don't know that colleague yet." : "Several colleagues match; type the full name.");
        }

        var network = await networks.AddOrganizerAsync(actor, handle, matches[0].Id, cancellationToken);
        return new ChatReply { Text = $"{matches[0].DisplayName} now co-organizes {network.Name}." };
    }

    private async Task<IReadOnlyList<Services.Views.NetworkSummary>> OrganizedAsync(Actor actor, CancellationToken cancellationToken)
    {
        var organized = (await networks.MineAsync(actor, cancellationToken)).Where(n => n.IsOrganizer).ToList();
        return organized.Count > 0 ? organized : throw new DomainException("You don't organize a network yet. Start one with \"new network <name>\".");
    }

    /// <summary>The handle of the one network the person organizes; with several, a question naming them.</summary>
    private async Task<string> OnlyOrganizedAsync(Actor actor, CancellationToken cancellationToken)
    {
        var handles = (await OrganizedAsync(actor, cancellationToken)).Select(n => n.Handle).ToList();
        return handles.Count == 1
            ? handles[0]
            : throw new DomainException($"Which network is it for: {string.Join(", ", handles[..^1])} or {handles[^1]}? e.g. \"schedule {handles[0]} next Tuesday 2pm\"");
    }

    private static string Plural(int n, string one, string many) => n == 1 ? $"1 {one}" : $"{n.ToString(CultureInfo.InvariantCulture)} {many}";
}
