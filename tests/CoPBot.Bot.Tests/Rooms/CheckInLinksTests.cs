using CoPBot.Bot.Conversation;
using CoPBot.Bot.Rooms;
using CoPBot.Bot.Slack;
using CoPBot.Bot.Teams;
using CoPBot.Services.App;
using Microsoft.Extensions.Options;

namespace CoPBot.Bot.Tests.Rooms;

public sealed class CheckInLinksTests
{
    private const string CityTeamsTenant = "5f3c0b3e-0000-4000-8000-00000000c1e1";

    private static CheckInLinks Links() => new(
        Options.Create(new TeamsOptions
        {
            Bots =
            [
                new TeamsBotRegistration { AppId = "11111111-2222-3333-4444-555555555555", TenantId = CityTeamsTenant },
                new TeamsBotRegistration { AppId = "99999999-2222-3333-4444-555555555555", TenantId = "another-tenant" },
            ],
        }),
        Options.Create(new SlackOptions
        {
            Apps = [new SlackAppOptions { AppId = "A0COPBOT", Installations = [new SlackInstallationOptions { TeamId = "T0COUNTY" }, new SlackInstallationOptions { TeamId = "T0ELSE" }] }],
        }),
        Options.Create(new OrganizationOptions
        {
            Entries =
            [
                new OrganizationEntry { Slug = "city", Tenants = [$"msteams:{CityTeamsTenant}", "console:local"] },
                new OrganizationEntry { Slug = "county", Tenants = ["slack:T0COUNTY"] },
            ],
        }));

    [Fact]
    public void For_NetworkOfCityAndCounty_TeamsDeepLinkSlackTabAndConsoleText()
    {
        var links = Links().For("idealab-3", "4821", ["city", "county"]);

        Assert.Equal([ChatChannels.Teams, ChatChannels.Slack, ChatChannels.Console], links.Select(l => l.Channel));
        Assert.Equal(
            "https://teams.microsoft.com/l/chat/0/0?users=28:11111111-2222-3333-4444-555555555555&message=here%20idealab-3%204821",
            links[0].Url!.AbsoluteUri);
        Assert.Equal("slack://app?team=T0COUNTY&id=A0COPBOT&tab=messages", links[1].Url!.OriginalString);
        Assert.Null(links[2].Url);
        Assert.All(links, l => Assert.Equal("here idealab-3 4821", l.Message));
    }

    [Fact]
    public void For_CityOnly_NoSlackLinkAndNoOtherTenantsBot()
    {
        var links = Links().For("idealab-3", "4821", ["city"]);

        Assert.Equal([ChatChannels.Teams, ChatChannels.Console], links.Select(l => l.Channel));
        Assert.DoesNotContain("99999999", links[0].Url!.AbsoluteUri, StringComparison.Ordinal);
    }

    [Fact]
    public void Message_IsUnderstoodAsTheCheckInCommand()
    {
        var parsed = CommandGrammar.Parse(CheckInLinks.Message("idealab-3", "4821"), out _);

        Assert.Equal("checkin", parsed!.Spec.Name);
        Assert.Equal(("idealab-3", "4821"), ConversationRouter.SplitCheckIn(parsed.Arguments));
    }
}
