using System.Diagnostics;
using CoPBot.Services.Addresses;

namespace CoPBot.Bot.Conversation;

/// <summary>Wraps the router with a span and a count per turn (channel and kind only, never the text).</summary>
internal sealed class TracedConversationRouter(IConversationRouter inner, CoPBotTelemetry telemetry) : IConversationRouter
{
    public async Task<ChatReply> HandleAsync(ChatTurn turn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        using var activity = CoPBotTelemetry.Source.StartActivity("copbot.turn", ActivityKind.Internal);
        activity?.SetTag("copbot.channel", turn.User.Channel);
        activity?.SetTag("copbot.turn.kind", turn.Action is null ? "text" : "action");
        telemetry.Turn(turn.User.Channel);
        return await inner.HandleAsync(turn, cancellationToken);
    }
}
