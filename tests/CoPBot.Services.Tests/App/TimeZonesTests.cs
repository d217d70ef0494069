using CoPBot.Services.App;

namespace CoPBot.Services.Tests.App;

/// <summary>Zones as people name them: a city, a region's common name, an abbreviation, an IANA or Windows id.</summary>
public sealed class TimeZonesTests
{
    [Theory]
    [InlineData("Chicago", "America/Chicago")]
    [InlineData("chicago", "America/Chicago")]
    [InlineData("Central", "America/Chicago")]
    [InlineData("central time", "America/Chicago")]
    [InlineData("CST", "America/Chicago")]
    [InlineData("US/Central", "America/Chicago")]
    [InlineData("America/Chicago", "America/Chicago")]
    [InlineData("Central Standard Time", "America/Chicago")]
    [InlineData("Eastern", "America/New_York")]
    [InlineData("new york", "America/New_York")]
    [InlineData("Pacific", "America/Los_Angeles")]
    [InlineData("Mountain Time", "America/Denver")]
    [InlineData("London", "Europe/London")]
    [InlineData("Berlin", "Europe/Berlin")]
    [InlineData("CET", "Europe/Berlin")]
    [InlineData("W. Europe Standard Time", "Europe/Berlin")]
    [InlineData("Toronto", "America/Toronto")]
    [InlineData("UTC", "UTC")]
    public void Normalize_NamesPeopleUse_BecomeOneIanaId(string name, string expected) =>
        Assert.Equal(expected, TimeZones.Normalize(name));

    [Theory]
    [InlineData("Atlantis")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("America/Nowhere")]
    public void Normalize_Unknown_IsNull(string name) => Assert.Null(TimeZones.Normalize(name));

    [Fact]
    public void Normalize_LongInput_IsRefusedBeforeAnyLookup() =>
        Assert.Null(TimeZones.Normalize(new string('a', TimeZones.MaxNameLength + 1)));
}
