using CoPBot.Cards;
using CoPBot.Cards.Builders;
using CoPBot.Cards.Views;
using CoPBot.Services.App;
using CoPBot.Services.Domain;

namespace CoPBot.Bot.Conversation;

/// <summary>
/// Card buttons and form submits. In a personal chat the clicked card is replaced by its new state; in a channel
/// the card belongs to everyone, so the answer goes privately to the person who clicked.
/// </summary>
internal sealed partial class ConversationRouter
{
    /// <summary>Every verb of <see cref="CardActions"/> and the handler that serves it.</summary>
    internal static IReadOnlySet<string> HandledVerbs { get; } = new HashSet<string>(
    [
        CardActions.RsvpYes, CardActions.RsvpNo, CardActions.StopInviting, CardActions.JoinNetwork, CardActions.LeaveNetwork,
        CardActions.ResumeNetwork, CardActions.ShowSession, CardActions.WhoIsGoing, CardActions.WhoIsInNetwork, CardActions.AcceptOffer, CardActions.DeclineOffer,
        CardActions.AcceptColleagueInvitation, CardActions.DeclineColleagueInvitation, CardActions.SaveSettings, CardActions.SetSetting, CardActions.OpenScheduleForm,
        CardActions.SubmitSchedule, CardActions.OpenRescheduleForm, CardActions.SubmitReschedule, CardActions.CancelSession,
        CardActions.SendInvitations, CardActions.Announce, CardActions.MySessions, CardActions.ShowSessions, CardActions.Help, CardActions.HelpMore, CardActions.ShowStats, CardActions.ShowHeld,
    ]);

    private async Task<ChatReply> HandleActionAsync(Actor actor, ChatTurn turn, ChatAction action, CancellationToken cancellationToken)
    {
        if (TooLong(turn) is { } tooLong)
        {
            return tooLong;
        }

        var data = action.Data;
        var personal = turn.Conversation.Kind == ChatConversationKind.Personal;
        string Session() => data.GetValueOrDefault(CardActions.SessionKey) ?? throw new DomainException("That button lost track of its session. Type \"my sessions\".");
        string Network() => data.GetValueOrDefault(CardActions.NetworkKey) ?? throw new DomainException("That button lost track of its network. Type \"networks\".");

        switch (action.Verb)
        {
            case CardActions.RsvpYes or CardActions.RsvpNo:
            {
                var result = await sessions.RsvpAsync(actor, Session(), action.Verb == CardActions.RsvpYes, cancellationToken);
                var card = SessionCards.Invitation(result.Session, CalendarBase);
                return personal ? new ChatReply { UpdatedCard = card, Shown = ShowsSessions([result.Session]) } : AnswerReply(result);
            }

            case CardActions.AcceptOffer or CardActions.DeclineOffer:
            {
                var result = await sessions.AnswerOfferAsync(actor, Session(), action.Verb == CardActions.AcceptOffer, cancellationToken);
                return new ChatReply { UpdatedCard = SessionCards.Offer(result.Session), Text = personal ? null : AnswerText(result), Private = !personal, Shown = ShowsSessions([result.Session]) };
            }

            case CardActions.StopInviting:
            {
                var network = await networks.StopInvitingAsync(actor, Network(), cancellationToken);
                if (personal && data.TryGetValue(CardActions.SessionKey, out var sessionRef))
                {
                    var session = await sessions.GetAsync(actor, sessionRef, cancellationToken);
                    return new ChatReply { UpdatedCard = SessionCards.Invitation(session, CalendarBase) with { Status = StoppedText(network) } };
                }

                return new ChatReply { Text = StoppedText(network), Private = true };
            }

            case CardActions.JoinNetwork:
                return await JoinAsync(actor, Network(), CommandGrammar.Find("join"), cancellationToken);

            case CardActions.LeaveNetwork:
                return await LeaveAsync(actor, Network(), cancellationToken);

            case CardActions.ShowSession:
                return await SessionAsync(actor, turn, Session(), cancellationToken);

            case CardActions.WhoIsGoing:
                return await SessionRosterAsync(actor, await sessions.GetAsync(actor, Session(), cancellationToken), cancellationToken);

            case CardActions.WhoIsInNetwork:
                return new ChatReply { Cards = [NetworkCards.Roster(await rosters.NetworkAsync(actor, Network(), cancellationToken))], Private = true, Shown = ShowsNetworks([Network()]) };

            case CardActions.AcceptColleagueInvitation or CardActions.DeclineColleagueInvitation:
            {
                var id = Guid.TryParse(data.GetValueOrDefault("invitation"), out var parsed) ? parsed : throw new DomainException("That invitation no longer exists.");
                var accept = action.Verb == CardActions.AcceptColleagueInvitation;
                await networks.AnswerColleagueInvitationAsync(actor, id, accept, cancellationToken);
                var view = await networks.GetColleagueInvitationAsync(actor, id, cancellationToken);
                return new ChatReply { UpdatedCard = NetworkCards.ColleagueInvitation(view, answered: true) };
            }

            case CardActions.SaveSettings:
                return await SaveSettingsAsync(actor, data, cancellationToken);

            case CardActions.OpenScheduleForm:
                return Cards(OrganizerCards.ScheduleForm(
                    await OrganizedAsync(actor, cancellationToken),
                    data.TryGetValue(CardActions.NetworkKey, out var chosen) ? new Dictionary<string, string> { [OrganizerCards.NetworkInput] = chosen } : null));

            case CardActions.SubmitSchedule:
                return await SubmitScheduleAsync(actor, data, cancellationToken);

            case CardActions.OpenRescheduleForm:
                return Cards(OrganizerCards.RescheduleForm(await sessions.GetAsync(actor, Session(), cancellationToken)));

            case CardActions.SubmitReschedule:
                return await SubmitRescheduleAsync(actor, data, cancellationToken);

            case CardActions.CancelSession:
                return await CancelAsync(actor, Session(), data.ContainsKey(CardActions.ConfirmKey), cancellationToken);

            case CardActions.ShowStats:
                return new ChatReply { Cards = [OrganizerCards.Stats(await sessions.StatsAsync(actor, Session(), cancellationToken))], Private = true };

            case CardActions.SendInvitations:
                return await SendInvitationsAsync(actor, Session(), cancellationToken);

            case CardActions.Announce:
                return await AnnounceAsync(actor, turn, Session(), cancellationToken);

            case CardActions.ShowHeld:
                return await ShowHeldAsync(actor, cancellationToken);

            case CardActions.MySessions:
                return await MySessionsAsync(actor, cancellationToken);

            case CardActions.ShowSessions:
                return await SessionsAsync(actor, "", cancellationToken);

            case CardActions.Help:
                return ShortHelp();

            case CardActions.HelpMore:
                return await FullHelpAsync(actor, cancellationToken);

            case CardActions.ResumeNetwork:
                return await ResumeAsync(actor, Network(), cancellationToken);

            case CardActions.SetSetting:
                return await ChangeSettingAsync(actor, data.GetValueOrDefault(CardActions.SettingKey) ?? "", data.GetValueOrDefault(CardActions.ValueKey) ?? "", cancellationToken);

            default:
                return new ChatReply { Text = "That button is from an older version of CoPBot. Type \"help\" to see what's possible now.", Private = true };
        }
    }

    private async Task<ChatReply> SaveSettingsAsync(Actor actor, IReadOnlyDictionary<string, string> data, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string>();
        TimeOnly? Time(string key)
        {
            if (!data.TryGetValue(key, out var text) || string.IsNullOrWhiteSpace(text))
            {
                return null;
            }

            if (NaturalDateTime.TryParseTime(text, out var time))
            {
                return time;
            }

            errors[key] = "A time like 20:00.";
            return null;
        }

        var change = new SettingsChange
        {
            TimeZoneId = data.GetValueOrDefault(PersonCards.TimeZoneInput) is { Length: > 0 } zone && zone != actor.TimeZoneId ? zone : null,
            Visibility = Enum.TryParse<RosterVisibility>(data.GetValueOrDefault(PersonCards.VisibilityInput), ignoreCase: true, out var visibility) ? visibility : null,
            QuietHoursStart = Time(PersonCards.QuietStartInput),
            QuietHoursEnd = Time(PersonCards.QuietEndInput),
            Reminders = data.TryGetValue(PersonCards.RemindersInput, out var reminders) && reminders.Length > 0 ? reminders is "true" or "on" : null,
            WeeklyInvitationCap = data.TryGetValue(PersonCards.WeeklyCapInput, out var cap) && cap.Length > 0
                ? int.TryParse(cap, out var n) ? n : FieldError(errors, PersonCards.WeeklyCapInput, "A whole number from 1 to 20.")
                : null,
        };
        if (change.TimeZoneId is { } newZone && TimeZones.Normalize(newZone) is null)
        {
            errors[PersonCards.TimeZoneInput] = $"I don't know that zone. Try {TimeZones.Examples}.";
        }

        if (errors.Count > 0)
        {
            return FormAgain(PersonCards.Settings(await people.GetSettingsAsync(actor, cancellationToken), errors));
        }

        try
        {
            var settings = await people.UpdateSettingsAsync(actor, change, cancellationToken);
            return new ChatReply { UpdatedCard = PersonCards.Settings(settings) with { Status = "Saved." }, Private = true };
        }
        catch (DomainException ex)
        {
            return FormAgain(PersonCards.Settings(await people.GetSettingsAsync(actor, cancellationToken)) with { Errors = [ex.Message] });
        }
    }

    private static int? FieldError(Dictionary<string, string> errors, string key, string message)
    {
        errors[key] = message;
        return null;
    }
}
