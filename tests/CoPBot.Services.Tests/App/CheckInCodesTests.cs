using CoPBot.Services.App;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace CoPBot.Services.Tests.App;

public class CheckInCodesTests
{
    internal const string Secret = "a-test-secret-for-check-in-codes-0123456789";

    private static readonly Guid Session = Guid.Parse("6f0e477f-5a67-4cff-8000-000000000001");
    private static readonly Guid OtherSession = Guid.Parse("6f0e477f-5a67-4cff-8000-000000000002");

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2027, 3, 1, 10, 0, 20, TimeSpan.Zero));

    private static CheckInCodes Codes(string? secret = Secret) => new(Options.Create(new CheckInOptions { Secret = secret }));

    [Fact]
    public void Current_WithinOneMinute_IsTheSameFourDigits()
    {
        var codes = Codes();
        var first = codes.Current(Session, _clock.GetUtcNow());
        _clock.Advance(TimeSpan.FromSeconds(39));

        Assert.Equal(first, codes.Current(Session, _clock.GetUtcNow()));
        Assert.Matches("^[0-9]{4}$", first);
    }

    [Fact]
    public void Current_NextMinutes_Change()
    {
        var codes = Codes();
        var seen = new HashSet<string>();
        for (var minute = 0; minute < 10; minute++)
        {
            seen.Add(codes.Current(Session, _clock.GetUtcNow()));
            _clock.Advance(TimeSpan.FromMinutes(1));
        }

        // Ten minutes repeating one 4-digit code more than twice would mean the minute is not in the derivation.
        Assert.True(seen.Count >= 8, $"only {seen.Count} distinct codes in 10 minutes");
    }

    [Fact]
    public void Accepts_CurrentAndPreviousMinute_OlderRefused()
    {
        var codes = Codes();
        var shown = codes.Current(Session, _clock.GetUtcNow());

        Assert.True(codes.Accepts(Session, shown, _clock.GetUtcNow()));
        _clock.Advance(TimeSpan.FromMinutes(1));
        Assert.True(codes.Accepts(Session, shown, _clock.GetUtcNow()));
        _clock.Advance(TimeSpan.FromMinutes(1));
        Assert.False(codes.Accepts(Session, shown, _clock.GetUtcNow()));
    }

    [Fact]
    public void Accepts_AnotherSessionsCode_Refused()
    {
        var codes = Codes();
        var other = codes.Current(OtherSession, _clock.GetUtcNow());

        Assert.NotEqual(codes.Current(Session, _clock.GetUtcNow()), other);
        Assert.False(codes.Accepts(Session, other, _clock.GetUtcNow()));
    }

    [Fact]
    public void Current_AnotherSecret_GivesOtherCodes()
    {
        var now = _clock.GetUtcNow();
        var mine = Enumerable.Range(0, 5).Select(m => Codes().Current(Session, now.AddMinutes(m)));
        var theirs = Enumerable.Range(0, 5).Select(m => Codes("another-secret-of-at-least-thirty-two-chars").Current(Session, now.AddMinutes(m)));

        Assert.NotEqual(mine, theirs);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("482")]
    [InlineData("48210")]
    [InlineData("48a1")]
    [InlineData("٤٨٢١")]
    public void Accepts_NotFourAsciiDigits_Refused(string? code)
    {
        Assert.False(Codes().Accepts(Session, code, _clock.GetUtcNow()));
    }

    [Fact]
    public void Enabled_NoSecret_IsOffAndAcceptsNothing()
    {
        var codes = Codes(secret: null);

        Assert.False(codes.Enabled);
        Assert.False(codes.Accepts(Session, "0000", _clock.GetUtcNow()));
        Assert.Throws<InvalidOperationException>(() => codes.Current(Session, _clock.GetUtcNow()));
    }

    [Fact]
    public void NextChange_MidMinute_IsTheNextWholeMinute()
    {
        Assert.Equal(new DateTimeOffset(2027, 3, 1, 10, 1, 0, TimeSpan.Zero), CheckInCodes.NextChange(_clock.GetUtcNow()));
    }
}
