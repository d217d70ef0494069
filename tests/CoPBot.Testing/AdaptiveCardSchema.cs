using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace CoPBot.Testing;

/// <summary>The official Adaptive Card 1.5 schema from the reference folder: every card CoPBot emits for Teams must pass it.</summary>
public static class AdaptiveCardSchema
{
    private static readonly Lazy<JsonSchema> Schema = new(() =>
        JsonSchema.FromText(File.ReadAllText(ReferenceFiles.PathOf("adaptivecards/adaptive-card-1.5.0.schema.json"))));

    public static EvaluationResults Evaluate(JsonNode card)
    {
        ArgumentNullException.ThrowIfNull(card);
        using var document = JsonDocument.Parse(card.ToJsonString());
        return Schema.Value.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
    }

    /// <summary>Fails with the first schema errors and the card when it is not valid (assert on validity, not error text: anyOf is noisy).</summary>
    public static void AssertValid(JsonNode card)
    {
        var result = Evaluate(card);
        Assert.True(result.IsValid, "Schema errors: " + string.Join("; ", (result.Details ?? []).Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}")).Take(10)) + "\n" + card.ToJsonString());
    }
}
