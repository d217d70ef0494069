using CoPBot.Services.App;
using CoPBot.Services.Domain;
using CoPBot.Services.Views;

namespace CoPBot.Bot.Conversation;

/// <summary>People finding each other after the room: "I can help with…" and "who knows about…?" (rule 15).</summary>
internal sealed partial class ConversationRouter
{
    private async Task<ChatReply> AddHelpTopicsAsync(Actor actor, string args, CommandSpec spec, CancellationToken cancellationToken)
    {
        var change = await helpTopics.AddAsync(actor, Require(args, spec), cancellationToken);
        var line = change.Changed.Count == 0
            ? "That's on your list already."
            : $"Noted: you can help with {Quoted(change.Changed)}.";
        return Done($"{line} Colleagues who ask \"who knows about…\" in your networks can find you, as your roster visibility allows.");
    }

    private async Task<ChatReply> MyHelpTopicsAsync(Actor actor, CancellationToken cancellationToken)
    {
        var topics = await helpTopics.ListAsync(actor, cancellationToken);
        return new ChatReply
        {
            Private = true,
            Text = topics.Count == 0
                ? "You haven't said what you can help with. Type \"I can help with: …\" in your own words, if you like."
                : $"You said you can help with {Quoted(topics)}. Change it with \"I can't help with <topic>\" or \"remove my help topics\".",
        };
    }

    private async Task<ChatReply> RemoveHelpTopicAsync(Actor actor, string args, CommandSpec spec, CancellationToken cancellationToken)
    {
        var change = await helpTopics.RemoveAsync(actor, Require(args, spec), cancellationToken);
        if (change.Changed.Count == 0)
        {
            return new ChatReply { Private = true, Text = $"\"{UserText.Clip(args)}\" isn't on your list. Type \"my help topics\" to see it." };
        }

        return Done($"Removed {Quoted(change.Changed)}." + (change.Topics.Count == 0 ? " Your list is empty now." : ""));
    }

    private async Task<ChatReply> ClearHelpTopicsAsync(Actor actor, CancellationToken cancellationToken)
    {
        var removed = await helpTopics.ClearAsync(actor, cancellationToken);
        return Done(removed == 0 ? "You had no help topics." : "Your help topics are removed.");
    }

    /// <summary>"who knows about GIS", "who knows about performance data in idealab": a network at the end when one is named.</summary>
    private async Task<ChatReply> WhoKnowsAsync(Actor actor, string args, CommandSpec spec, CancellationToken cancellationToken)
    {
        var question = StripWords(Require(args, spec), "about", "with");
        var view = await WhoKnowsInAsync(actor, question, cancellationToken) ?? await rosters.WhoKnowsAsync(actor, question, null, cancellationToken);
        return new ChatReply { Private = true, Text = WhoKnowsText(view) };
    }

    /// <summary>The answer for "&lt;topic&gt; in &lt;network&gt;" when the end names a network; null when it does not (the whole is the topic).</summary>
    private async Task<WhoKnowsView?> WhoKnowsInAsync(Actor actor, string question, CancellationToken cancellationToken)
    {
        var at = question.LastIndexOf(" in ", StringComparison.OrdinalIgnoreCase);
        if (at <= 0)
        {
            return null;
        }

        var network = question[(at + 4)..].Trim();
        var visible = await networks.ListAsync(actor, cancellationToken);
        if (!visible.Any(n => n.Handle.Equals(network, StringComparison.OrdinalIgnoreCase) || n.Name.Equals(network, StringComparison.OrdinalIgnoreCase)))
        {
            return null;
        }

        return await rosters.WhoKnowsAsync(actor, question[..at], network, cancellationToken);
    }

    private static string WhoKnowsText(WhoKnowsView view)
    {
        var where = view.NetworkName is { } name ? $"in {name}" : "in your networks";
        var topic = UserText.Clip(view.Topic);
        if (view.People.Count == 0)
        {
            return $"Nobody {where} has said they can help with \"{topic}\" yet. (People add it themselves: \"I can help with: …\".)";
        }

        var lines = view.People.Select(p => $"• {p.Name} ({(p.Department is { } department ? UserText.Clip(department) + ", " : "")}{p.Organization}): {UserText.Clip(p.Topic)}");
        var more = view.More > 0 ? $"\n…and {view.More} more." : "";
        return $"Who knows about \"{topic}\" {where}:\n{string.Join('\n', lines)}{more}";
    }

    private static string Quoted(IEnumerable<string> topics) => string.Join(", ", topics.Select(t => $"\"{UserText.Clip(t)}\""));
}
