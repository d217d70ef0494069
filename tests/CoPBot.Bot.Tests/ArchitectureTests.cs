using System.Reflection;
using CoPBot.Bot.Conversation;
using CoPBot.Cards.Views;
using CoPBot.Services.App;

namespace CoPBot.Bot.Tests;

/// <summary>Bot → Cards → Services, one way; Services knows no platform and no web framework (CONVENTIONS.md).</summary>
public sealed class ArchitectureTests
{
    private static readonly Assembly Services = typeof(SessionService).Assembly;
    private static readonly Assembly Cards = typeof(CardView).Assembly;
    private static readonly Assembly Bot = typeof(ChatTurn).Assembly;

    [Fact]
    public void Services_ReferencesNeitherCardsNorBotNorAspNetCore()
    {
        var references = Services.GetReferencedAssemblies().Select(a => a.Name!).ToList();

        Assert.DoesNotContain(references, r => r.StartsWith("CoPBot.", StringComparison.Ordinal));
        Assert.DoesNotContain(references, r => r.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal));
    }

    [Fact]
    public void Cards_ReferencesServicesButNotBot()
    {
        var references = Cards.GetReferencedAssemblies().Select(a => a.Name!).ToList();

        Assert.Contains("CoPBot.Services", references);
        Assert.DoesNotContain("CoPBot.Bot", references);
        Assert.DoesNotContain(references, r => r.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal));
    }

    [Fact]
    public void Services_HasNoTypeNamedAfterAPlatform()
    {
        var platformTypes = Services.GetTypes().Where(t => t.Name.Contains("Teams", StringComparison.OrdinalIgnoreCase) || t.Name.Contains("Slack", StringComparison.OrdinalIgnoreCase));

        Assert.Empty(platformTypes);
    }

    [Fact]
    public void PlatformTypes_StayInTheirFolder()
    {
        var leaking = Bot.GetTypes()
            .Where(t => (t.Name.StartsWith("Teams", StringComparison.Ordinal) && t.Namespace != "CoPBot.Bot.Teams")
                || (t.Name.StartsWith("Slack", StringComparison.Ordinal) && t.Namespace != "CoPBot.Bot.Slack"));

        Assert.Empty(leaking);
    }
}
