using CoPBot.Cards;
using CoPBot.Services.App;
using CoPBot.Services.Domain;

namespace CoPBot.Bot.Conversation;

/// <summary>
/// Where a command is offered besides the full help: the short help, and the Teams command lists (manifest
/// <c>commandLists</c>, one per scope, ten commands at most each).
/// </summary>
[Flags]
public enum Shown
{
    InHelp = 0,
    ShortHelp = 1,
    TeamsPersonal = 2,
    TeamsTeam = 4,
    TeamsGroupChat = 8,
}

/// <summary>A typed command on its way to its handler: who, where, the arguments after the command words, and the command.</summary>
internal sealed record CommandCall(Actor Actor, ChatTurn Turn, string Args, CommandSpec Spec, CancellationToken Token);

/// <summary>A pressed button on its way to its handler.</summary>
internal sealed record ActionCall(Actor Actor, ChatTurn Turn, ChatAction Action, CancellationToken Token)
{
    public IReadOnlyDictionary<string, string> Data => Action.Data;

    /// <summary>In a personal chat the clicked card is replaced; elsewhere the answer goes privately to the clicker.</summary>
    public bool Personal => Turn.Conversation.Kind == ChatConversationKind.Personal;

    public string Session() => Data.GetValueOrDefault(CardActions.SessionKey) ?? throw new DomainException("That button lost track of its session. Type \"my sessions\".");

    public string Network() => Data.GetValueOrDefault(CardActions.NetworkKey) ?? throw new DomainException("That button lost track of its network. Type \"networks\".");
}

/// <summary>A command of the grammar and the router method that serves it.</summary>
internal sealed record CommandRoute(CommandSpec Spec, Func<ConversationRouter, CommandCall, Task<ChatReply>> Handle);

/// <summary>A card verb of <see cref="CardActions"/> and the router method that serves it.</summary>
internal sealed record ActionRoute(string Verb, Func<ConversationRouter, ActionCall, Task<ChatReply>> Handle);
