using CoPBot.Services.Addresses;
using CoPBot.Testing;
using Microsoft.EntityFrameworkCore;
using static CoPBot.Testing.TestWorld;

namespace CoPBot.Services.Tests.Storage;

public class ChatAddressBookTests
{
    private static readonly ChatAddress Personal = new("msteams", "tenant-1", "a:personal-1", ChatAddressKind.Personal, "29:ana", "https://smba.example/emea/", "Ana", "{\"ref\":1}");
    private static readonly ChatAddress Channel = new("slack", "T1", "C-idealab", ChatAddressKind.Channel, Name: "#idealab");

    [Theory, StorageProviders]
    public async Task RememberAsync_ThenFind_ReturnsTheSameAddress(string provider)
    {
        await using var world = await CreateAsync(provider);

        await world.UseAsync<IChatAddressBook>(b => b.RememberAsync(Personal, Cancellation));
        await world.UseAsync<IChatAddressBook>(b => b.RememberAsync(Channel, Cancellation));

        Assert.Equal(Personal, await world.UseAsync<IChatAddressBook, ChatAddress?>(b => b.FindAsync("msteams", "tenant-1", "a:personal-1", Cancellation)));
        Assert.Equal(Channel, await world.UseAsync<IChatAddressBook, ChatAddress?>(b => b.FindAsync("slack", "T1", "C-idealab", Cancellation)));
        Assert.Null(await world.UseAsync<IChatAddressBook, ChatAddress?>(b => b.FindAsync("slack", "T2", "C-idealab", Cancellation)));
    }

    [Theory, StorageProviders]
    public async Task RememberAsync_SameConversationAgain_ReplacesInPlace(string provider)
    {
        await using var world = await CreateAsync(provider);
        await world.UseAsync<IChatAddressBook>(b => b.RememberAsync(Personal, Cancellation));
        var moved = Personal with { ServiceUrl = "https://smba.example/amer/", Data = "{\"ref\":2}" };

        await world.UseAsync<IChatAddressBook>(b => b.RememberAsync(moved, Cancellation));

        Assert.Equal(moved, await world.UseAsync<IChatAddressBook, ChatAddress?>(b => b.FindAsync("msteams", "tenant-1", "a:personal-1", Cancellation)));
        Assert.Equal(1, await world.DbAsync(db => db.ChatAddresses.CountAsync(Cancellation)));
    }

    [Theory, StorageProviders]
    public async Task RememberAsync_UnchangedWithinAMinute_WritesNothingAndRefreshesAfter(string provider)
    {
        // Every message turn remembers its conversation: a turn that changes nothing must not write (issue 11).
        await using var world = await CreateAsync(provider);
        await world.UseAsync<IChatAddressBook>(b => b.RememberAsync(Personal, Cancellation));
        var first = await world.DbAsync(db => db.ChatAddresses.Select(a => a.UpdatedAt).SingleAsync(Cancellation));

        world.Advance(TimeSpan.FromSeconds(30));
        await world.UseAsync<IChatAddressBook>(b => b.RememberAsync(Personal, Cancellation));
        var unchanged = await world.DbAsync(db => db.ChatAddresses.Select(a => a.UpdatedAt).SingleAsync(Cancellation));
        world.Advance(TimeSpan.FromSeconds(31));
        await world.UseAsync<IChatAddressBook>(b => b.RememberAsync(Personal, Cancellation));
        var refreshed = await world.DbAsync(db => db.ChatAddresses.Select(a => a.UpdatedAt).SingleAsync(Cancellation));

        Assert.Equal(first, unchanged);
        Assert.True(refreshed > first, "an address last confirmed over a minute ago is refreshed");
    }

    [Theory, StorageProviders]
    public async Task FindPersonalAsync_UserWithPersonalAndGroupChats_ReturnsThePersonalOne(string provider)
    {
        await using var world = await CreateAsync(provider);
        await world.UseAsync<IChatAddressBook>(b => b.RememberAsync(Personal, Cancellation));
        world.Advance(TimeSpan.FromMinutes(5));
        await world.UseAsync<IChatAddressBook>(b => b.RememberAsync(Personal with { ConversationId = "19:group", Kind = ChatAddressKind.Group }, Cancellation));

        var found = await world.UseAsync<IChatAddressBook, ChatAddress?>(b => b.FindPersonalAsync("msteams", "tenant-1", "29:ana", Cancellation));

        Assert.Equal(Personal, found);
        Assert.Null(await world.UseAsync<IChatAddressBook, ChatAddress?>(b => b.FindPersonalAsync("msteams", "tenant-1", "29:nobody", Cancellation)));
    }

    [Theory, StorageProviders]
    public async Task ForgetAsync_KnownConversation_IsGoneAndOthersStay(string provider)
    {
        await using var world = await CreateAsync(provider);
        await world.UseAsync<IChatAddressBook>(b => b.RememberAsync(Personal, Cancellation));
        await world.UseAsync<IChatAddressBook>(b => b.RememberAsync(Channel, Cancellation));

        await world.UseAsync<IChatAddressBook>(b => b.ForgetAsync("slack", "T1", "C-idealab", Cancellation));

        Assert.Null(await world.UseAsync<IChatAddressBook, ChatAddress?>(b => b.FindAsync("slack", "T1", "C-idealab", Cancellation)));
        Assert.NotNull(await world.UseAsync<IChatAddressBook, ChatAddress?>(b => b.FindAsync("msteams", "tenant-1", "a:personal-1", Cancellation)));
    }

    [Theory, StorageProviders]
    public async Task RememberAsync_ConcurrentFirstContacts_OneRow(string provider)
    {
        await using var world = await CreateAsync(provider);

        await Task.WhenAll(Enumerable.Range(0, 4).Select(i =>
            Task.Run(() => world.UseAsync<IChatAddressBook>(b => b.RememberAsync(Personal with { Name = $"Ana {i}" }, Cancellation)), Cancellation)));

        Assert.Equal(1, await world.DbAsync(db => db.ChatAddresses.CountAsync(Cancellation)));
    }

    [Theory, StorageProviders]
    public async Task RememberAsync_SameConversationConcurrently_OneRowAndNothingLogged(string provider)
    {
        // installationUpdate and conversationUpdate of one installation arrive together.
        var logs = new RecordingLoggerProvider();
        await using var world = await CreateAsync(provider, logs: logs);

        for (var round = 0; round < 5; round++)
        {
            var address = Personal with { ConversationId = $"a:personal-race-{round}" };
            await Task.WhenAll(Enumerable.Range(0, 4).Select(i =>
                Task.Run(() => world.UseAsync<IChatAddressBook>(b => b.RememberAsync(address with { Name = $"Ana {i}" }, Cancellation)), Cancellation)));
        }

        Assert.Equal(5, await world.DbAsync(db => db.ChatAddresses.CountAsync(Cancellation)));
        Assert.True(logs.Problems.Length == 0, logs.Problems);
    }
}
