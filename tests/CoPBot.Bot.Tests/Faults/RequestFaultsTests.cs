using Microsoft.AspNetCore.Http;

namespace CoPBot.Bot.Tests.Faults;

/// <summary>
/// What a request that failed with an exception is answered with: a body Kestrel could not read (a client that went
/// away mid-body) is the request's fault and gets its 4xx, a storage hiccup 503, anything else 500.
/// </summary>
public sealed class RequestFaultsTests
{
    [Fact]
    public void StatusFor_BodyCutShortByTheClient_IsTheRequestsOwn4xx()
    {
        var cutShort = new BadHttpRequestException("Unexpected end of request content.", StatusCodes.Status400BadRequest);

        Assert.Equal(StatusCodes.Status400BadRequest, RequestFaults.StatusFor(cutShort));
    }

    [Fact]
    public void StatusFor_StorageTimeout_Is503_AndAnythingElse500()
    {
        Assert.Equal(StatusCodes.Status503ServiceUnavailable, RequestFaults.StatusFor(new TimeoutException("storage")));
        Assert.Equal(StatusCodes.Status500InternalServerError, RequestFaults.StatusFor(new InvalidOperationException("bug")));
    }
}
