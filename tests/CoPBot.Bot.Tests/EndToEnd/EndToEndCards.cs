using System.Text.Json.Nodes;
using CoPBot.Bot.Tests.Slack;
using CoPBot.Bot.Tests.Teams;

namespace CoPBot.Bot.Tests.EndToEnd;

/// <summary>Reading what the bot sent: Adaptive Cards in connector requests, Block Kit in Web API calls.</summary>
internal static class EndToEndCards
{
    public const string AdaptiveCardType = "application/vnd.microsoft.card.adaptive";

    /// <summary>The Adaptive Cards attached to a connector request.</summary>
    public static IReadOnlyList<JsonNode> AdaptiveCards(ConnectorRequest request) =>
        request.Body?["attachments"]?.AsArray()
            .Where(a => (string?)a?["contentType"] == AdaptiveCardType)
            .Select(a => a!["content"]!)
            .ToList() ?? [];

    /// <summary>The data of the card's Action.Execute with this verb, as Teams sends it back when it is clicked.</summary>
    public static JsonObject ExecuteData(JsonNode card, string verb)
    {
        var action = Nodes(card).OfType<JsonObject>()
            .FirstOrDefault(n => (string?)n["type"] == "Action.Execute" && (string?)n["verb"] == verb)
            ?? throw new InvalidOperationException($"The card has no Action.Execute with verb {verb}: {card.ToJsonString()}");
        return action["data"]?.DeepClone().AsObject() ?? [];
    }

    public static bool HasExecute(JsonNode card, string verb) =>
        Nodes(card).OfType<JsonObject>().Any(n => (string?)n["type"] == "Action.Execute" && (string?)n["verb"] == verb);

    /// <summary>The Block Kit button whose action_id carries this verb.</summary>
    public static JsonNode Button(RecordedRequest post, string verb)
    {
        var body = JsonNode.Parse(post.Body)!;
        return Nodes(body).OfType<JsonObject>().FirstOrDefault(n => (string?)n["type"] == "button"
                   && (string?)n["action_id"] is { } id && Cards.Rendering.BlockKitRenderer.VerbOf(id) == verb)
               ?? throw new InvalidOperationException($"No button for {verb}: {post.Body}");
    }

    /// <summary>Every string in a JSON tree, joined: what a reader could see, whatever the layout.</summary>
    public static string AllText(JsonNode? node) =>
        string.Join("\n", Nodes(node).OfType<JsonValue>().Select(v => v.TryGetValue<string>(out var s) ? s : null).Where(s => s is not null));

    public static string AllText(IEnumerable<ConnectorRequest> requests) => string.Join("\n", requests.Select(r => AllText(r.Body)));

    public static string AllText(IEnumerable<RecordedRequest> requests) =>
        string.Join("\n", requests.Select(r => r.Body.StartsWith('{') ? AllText(JsonNode.Parse(r.Body)) : r.Body));

    private static IEnumerable<JsonNode> Nodes(JsonNode? node)
    {
        if (node is null)
        {
            yield break;
        }

        yield return node;
        IEnumerable<JsonNode?> children = node switch
        {
            JsonObject o => o.Select(p => p.Value),
            JsonArray a => a,
            _ => [],
        };
        foreach (var child in children)
        {
            foreach (var descendant in Nodes(child))
            {
                yield return descendant;
            }
        }
    }
}
