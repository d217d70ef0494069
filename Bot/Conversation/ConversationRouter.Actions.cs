using CoPBot.Cards;
using CoPBot.Cards.Builders;
using CoPBot.Cards.Views;
using CoPBot.Services.App;
using CoPBot.Services.Domain;

namespace CoPBot.Bot.Conversation;

/// <summary>
/// Card buttons and form submits (each verb is routed in the route table). In a personal chat the clicked card is
/// replaced by its new state; in a channel the card belongs to everyone, so the answer goes privately to the person who clicked.
/// </summary>
internal sealed partial class ConversationRouter
{
    private async Task<ChatReply> HandleActionAsync(Actor actor, ChatTurn turn, ChatAction action, CancellationToken cancellationToken)
    {
        if (TooLong(turn) is { } tooLong)
        {
            return tooLong;
        }

        return ActionsByVerb.TryGetValue(action.Verb, out var route)
            ? await route.Handle(this, new ActionCall(actor, turn, action, cancellationToken))
            : new ChatReply { Text = "That button is from an older version of CoPBot. Type \"help\" to see what's possible now.", Private = true };
    }

    private async Task<ChatReply> RsvpButtonAsync(ActionCall call, bool yes)
    {
        var result = await sessions.RsvpAsync(call.Actor, call.Session(), yes, call.Token);
        return call.Personal ? new ChatReply { UpdatedCard = SessionCards.Invitation(result.Session, CalendarBase), Shown = ShowsSessions([result.Session]) } : AnswerReply(result);
    }

    private async Task<ChatReply> OfferButtonAsync(ActionCall call, bool accept)
    {
        var result = await sessions.AnswerOfferAsync(call.Actor, call.Session(), accept, call.Token);
        return new ChatReply { UpdatedCard = SessionCards.Offer(result.Session), Text = call.Personal ? null : AnswerText(result), Private = !call.Personal, Shown = ShowsSessions([result.Session]) };
    }

    private async Task<ChatReply> StopInvitingButtonAsync(ActionCall call)
    {
        var network = await networks.StopInvitingAsync(call.Actor, call.Network(), call.Token);
        if (call.Personal && call.Data.TryGetValue(CardActions.SessionKey, out var sessionRef))
        {
            var session = await sessions.GetAsync(call.Actor, sessionRef, call.Token);
            return new ChatReply { UpdatedCard = SessionCards.Invitation(session, CalendarBase) with { Status = StoppedText(network) } };
        }

        return new ChatReply { Text = StoppedText(network), Private = true };
    }

    private async Task<ChatReply> ColleagueInvitationButtonAsync(ActionCall call, bool accept)
    {
        var id = Guid.TryParse(call.Data.GetValueOrDefault("invitation"), out var parsed) ? parsed : throw new DomainException("That invitation no longer exists.");
        await networks.AnswerColleagueInvitationAsync(call.Actor, id, accept, call.Token);
        var view = await networks.GetColleagueInvitationAsync(call.Actor, id, call.Token);
        return new ChatReply { UpdatedCard = NetworkCards.ColleagueInvitation(view, answered: true) };
    }

    private async Task<ChatReply> ScheduleFormAsync(ActionCall call) =>
        Cards(OrganizerCards.ScheduleForm(
            await OrganizedAsync(call.Actor, call.Token),
            call.Data.TryGetValue(CardActions.NetworkKey, out var chosen) ? new Dictionary<string, string> { [OrganizerCards.NetworkInput] = chosen } : null));

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
