using CoPBot.Cards.Views;
using CoPBot.Services.Views;

namespace CoPBot.Cards.Builders;

/// <summary>
/// The coffee introduction messages (rule 14): the one optional message after a session, the introduction itself, and
/// the kind "no match this time". Short, and the introduction shows only what the other person chose to share.
/// </summary>
public static class IntroductionCards
{
    public static CardView For(IntroductionView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        return view.Message switch
        {
            IntroductionMessage.Introduction => Introduction(view),
            IntroductionMessage.NoMatch => NoMatch(view),
            _ => Offer(view),
        };
    }

    /// <summary>"Introduce me" and "Not this time" side by side: both are equal, free answers; silence is one too.</summary>
    public static CardView Offer(IntroductionView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        return new CardView
        {
            Kind = CardKinds.Notice,
            Title = $"Thanks for coming to {view.SessionTitle}",
            Paragraphs = ["Would you like a coffee introduction to someone from another department or government who was there? It only happens if they ask too."],
            Actions = [IntroduceMe(view.SessionId), NotThisTime(view.SessionId)],
        };
    }

    public static CardView Introduction(IntroductionView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var facts = new List<CardFact>();
        if (!string.IsNullOrWhiteSpace(view.PartnerDepartment))
        {
            facts.Add(new CardFact("Department", view.PartnerDepartment));
        }

        facts.Add(new CardFact("Organization", view.PartnerOrganization ?? ""));
        if (!string.IsNullOrWhiteSpace(view.PartnerLine))
        {
            facts.Add(new CardFact("Shares", view.PartnerLine));
        }

        return new CardView
        {
            Kind = CardKinds.Notice,
            Title = $"Coffee introduction: {view.PartnerName}",
            Subtitle = $"After {view.SessionTitle}",
            Facts = facts,
            Paragraphs = ["You both asked to meet someone from another part of government. Say hello when it suits you; there's no obligation."],
        };
    }

    public static CardView NoMatch(IntroductionView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        return new CardView
        {
            Kind = CardKinds.Notice,
            Title = "No coffee match this time",
            Paragraphs = [$"Thanks for asking after {view.SessionTitle}. I couldn't find a match from another department or government this time. Ask again after your next session."],
        };
    }

    public static CardAction IntroduceMe(Guid session) =>
        ReplyCards.Session(CardActions.IntroduceMe, "Introduce me", session) with { Style = CardActionStyle.Positive };

    public static CardAction NotThisTime(Guid session) =>
        ReplyCards.Session(CardActions.NoIntroduction, "Not this time", session) with { Style = CardActionStyle.Quiet };
}
