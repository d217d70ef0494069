using CoPBot.Bot.Teams;

namespace CoPBot.Bot.Tests.Teams;

/// <summary>Validated channel tokens are kept for their lifetime, for the keys they were checked with, and no longer.</summary>
public sealed class TeamsTokenCacheTests
{
    private static readonly DateTime Now = new(2026, 11, 28, 11, 0, 0, DateTimeKind.Utc);
    private static readonly TeamsSigningKeys Keys = new("https://api.botframework.com", [], new Dictionary<string, IReadOnlyList<string>>());
    private static readonly TeamsTokenCheck Passed = TeamsTokenCheck.Valid("app", "https://smba.trafficmanager.net/amer/", "key", Keys);

    [Fact]
    public void Find_SameTokenAndKeysWithinLifetime_ReturnsTheEarlierCheck()
    {
        var cache = new TeamsTokenCache();
        cache.Add("token-a", Passed, Now.AddMinutes(-1), Now.AddMinutes(30));

        Assert.Same(Passed, cache.Find("token-a", Keys, Now.AddMinutes(10)));
        Assert.Null(cache.Find("token-b", Keys, Now));
    }

    [Fact]
    public void Find_AfterExpiryBeyondSkew_ForgetsTheToken()
    {
        var cache = new TeamsTokenCache();
        cache.Add("token-a", Passed, null, Now.AddMinutes(30));

        Assert.NotNull(cache.Find("token-a", Keys, Now.AddMinutes(34)));
        Assert.Null(cache.Find("token-a", Keys, Now.AddMinutes(36)));
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void Find_BeforeNotBeforeBeyondSkew_ReturnsNothing()
    {
        var cache = new TeamsTokenCache();
        cache.Add("token-a", Passed, Now.AddMinutes(10), Now.AddMinutes(30));

        Assert.Null(cache.Find("token-a", Keys, Now));
    }

    [Fact]
    public void Find_KeysRefreshedSinceTheCheck_ChecksAgain()
    {
        var cache = new TeamsTokenCache();
        cache.Add("token-a", Passed, null, Now.AddMinutes(30));
        var refreshed = Keys with { };

        Assert.Null(cache.Find("token-a", refreshed, Now));
    }

    [Fact]
    public void Add_FailedCheck_IsNotKept()
    {
        var cache = new TeamsTokenCache();
        cache.Add("token-a", TeamsTokenCheck.Fail("token rejected"), null, Now.AddMinutes(30));

        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void Add_ManyTokens_StaysBounded()
    {
        var cache = new TeamsTokenCache();
        for (var i = 0; i < TeamsTokenCache.MaxEntries * 3; i++)
        {
            cache.Add($"token-{i}", Passed, null, Now.AddMinutes(30));
        }

        Assert.InRange(cache.Count, 1, TeamsTokenCache.MaxEntries);
    }
}
