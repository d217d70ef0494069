using CoPBot.Cards;
using CoPBot.Cards.Builders;
using CoPBot.Cards.Views;
using CoPBot.Services.App;
using CoPBot.Services.Domain;
using CoPBot.Services.Views;

namespace CoPBot.Bot.Conversation;

/// <summary>Coffee introductions after a session (rule 14): asked for by the person alone, withdrawn at no cost.</summary>
internal sealed partial class ConversationRouter
{
    /// <summary>"introduce me", "introduce me to someone from another department: I'm working on open data", "introduce me idealab-3".</summary>
    private async Task<ChatReply> IntroduceMeAsync(Actor actor, string args, CancellationToken cancellationToken)
    {
        var (reference, line) = IntroductionArguments(args);
        var status = await introductions.AskAsync(actor, reference, line, cancellationToken);
        return Done(IntroductionText(actor, status), IntroductionCards.NotThisTime(status.SessionId));
    }

    /// <summary>"intro line I'm working on open data": the one line shared with whoever the person is introduced to.</summary>
    private async Task<ChatReply> IntroductionLineAsync(Actor actor, string args, CancellationToken cancellationToken)
    {
        var status = await introductions.SetLineAsync(actor, args, cancellationToken);
        return Done(IntroductionText(actor, status), IntroductionCards.NotThisTime(status.SessionId));
    }

    /// <summary>"no introduction": withdraws every open request, quietly.</summary>
    private async Task<ChatReply> NoIntroductionAsync(Actor actor, Guid? sessionId, CancellationToken cancellationToken)
    {
        var withdrawn = await introductions.WithdrawAsync(actor, sessionId, cancellationToken);
        return Done(withdrawn.Count == 0 && sessionId is null
            ? "You haven't asked for an introduction, so there's nothing to withdraw."
            : "No problem: no introduction this time.");
    }

    /// <summary>
    /// A bare "not this time" or "no" while the person has an introduction still to be made: with no invitation waiting
    /// for an answer it withdraws the introduction; with one, which is meant is asked back with a button for each, never
    /// guessed. Null when no introduction is waiting (the answer is about invitations, as always).
    /// </summary>
    private async Task<ChatReply?> NotThisTimeForIntroductionAsync(Actor actor, CancellationToken cancellationToken)
    {
        if (!await introductions.HasOpenRequestAsync(actor, cancellationToken))
        {
            return null;
        }

        // The invitation a bare "no" would answer (LatestInvitationAsync's choice): an open one, else one said yes to.
        var mine = await sessions.MySessionsAsync(actor, cancellationToken);
        var open = mine.FirstOrDefault(s => s.MyAnswer is Answer.None or Answer.Offered) ?? mine.FirstOrDefault(s => s.MyAnswer is Answer.Yes or Answer.Waitlisted);
        if (open is null)
        {
            return await NoIntroductionAsync(actor, null, cancellationToken);
        }

        return new ChatReply
        {
            Private = true,
            Text = "Not this time for which one?",
            Cards =
            [
                ReplyCards.Done("Not this time for which one?",
                    ReplyCards.Session(CardActions.RsvpNo, $"{open.Title}: can't make it", open.Id),
                    new CardAction(CardActions.NoIntroduction, "No introduction")),
            ],
        };
    }

    /// <summary>"Introduce me" or "Not this time" pressed on a card; in a personal chat the card shows the new state in place.</summary>
    private async Task<ChatReply> IntroductionButtonAsync(Actor actor, bool yes, string? session, bool personal, CancellationToken cancellationToken)
    {
        ChatReply reply;
        if (yes)
        {
            var status = await introductions.AskAsync(actor, session ?? throw new DomainException("That button lost track of its session. Say \"introduce me\"."), null, cancellationToken);
            reply = Done(IntroductionText(actor, status), IntroductionCards.NotThisTime(status.SessionId));
        }
        else
        {
            reply = await NoIntroductionAsync(actor, Guid.TryParse(session, out var id) ? id : null, cancellationToken);
        }

        return personal ? new ChatReply { UpdatedCard = reply.Cards[0], Private = true } : reply;
    }

    private string IntroductionText(Actor actor, IntroductionStatus status)
    {
        var when = Format.Later(status.PairsAt, clock.GetUtcNow().UtcDateTime, actor.TimeZoneId);
        var text = $"You're in for a coffee introduction after {status.SessionTitle}. I'll pair people from different departments and governments {when} and tell you who.";
        text += status.Line is { } line
            ? $" You'll share: \"{UserText.Clip(line)}\"."
            : " To share one line, type \"intro line I'm working on…\".";
        return status.HasDepartment ? text : text + " Tell me your department (\"settings department Parks\") so I can match you across departments.";
    }

    /// <summary>The session (a single "idealab-3") and the line (after a colon, or from "I'm working on") in what follows "introduce me".</summary>
    internal static (string? Session, string? Line) IntroductionArguments(string args)
    {
        var text = args.Trim();
        string? line = null;
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var working = IndexOfAny(text, "i'm working on", "i am working on", "im working on", "working on", "i work on");
        if (colon >= 0)
        {
            line = text[(colon + 1)..];
            text = text[..colon];
        }
        else if (working >= 0)
        {
            line = text[working..];
            text = text[..working];
        }

        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var session = words.Length == 1 && SessionRef.Parse(words[0]).Number is not null ? words[0] : null;
        line = line?.Trim(' ', ',', ';', '-', '.');
        return (session, string.IsNullOrEmpty(line) ? null : line);
    }

    private static int IndexOfAny(string text, params string[] phrases)
    {
        foreach (var phrase in phrases)
        {
            var at = text.IndexOf(phrase, StringComparison.OrdinalIgnoreCase);
            if (at >= 0)
            {
                return at;
            }
        }

        return -1;
    }
}
