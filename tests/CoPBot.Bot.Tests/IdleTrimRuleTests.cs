namespace CoPBot.Bot.Tests;

/// <summary>Issue 11 (memory): when the host trims, and that steady load never pays for it.</summary>
public sealed class IdleTrimRuleTests
{
    private const long Turn = 400 << 10;

    [Fact]
    public void ShouldTrim_FirstQuietTickAfterStartUp_Trims()
    {
        var rule = new IdleTrimRule();

        Assert.False(rule.ShouldTrim(12 << 20));
        Assert.True(rule.ShouldTrim((12 << 20) + 1024));
    }

    [Fact]
    public void ShouldTrim_WhileTurnsKeepComing_NeverTrims()
    {
        var rule = new IdleTrimRule();
        rule.Trimmed(0);

        // Far past the threshold, but every tick allocates at least one turn's worth.
        var allocated = 0L;
        for (var tick = 0; tick < 1000; tick++)
        {
            allocated += Turn;
            Assert.False(rule.ShouldTrim(allocated));
        }

        Assert.True(rule.ShouldTrim(allocated));
    }

    [Fact]
    public void ShouldTrim_QuietAfterLittleWork_WaitsForTheThreshold()
    {
        var rule = new IdleTrimRule();
        rule.Trimmed(100 << 20);

        var allocated = (100L << 20) + (IdleTrimRule.Threshold / 2);
        Assert.False(rule.ShouldTrim(allocated));
        Assert.False(rule.ShouldTrim(allocated), "Quiet, but half the threshold since the last trim.");

        allocated += IdleTrimRule.Threshold / 2;
        Assert.False(rule.ShouldTrim(allocated), "Busy tick.");
        Assert.True(rule.ShouldTrim(allocated + 1024));
        rule.Trimmed(allocated + 1024);
        Assert.False(rule.ShouldTrim(allocated + 2048));
    }
}
