using CoPBot.Bot.Conversation;
using CoPBot.Cards;
using CoPBot.Cards.Builders;
using CoPBot.Cards.Views;
using CoPBot.Services.Addresses;
using CoPBot.Services.App;
using CoPBot.Services.Outbox;
using CoPBot.Services.Views;
using Microsoft.Extensions.Options;

namespace CoPBot.Bot.Delivery;

/// <summary>Turns a claimed outbox message into the reply to send and the address to send it to.</summary>
internal sealed class OutboxComposer(IChatAddressBook addresses, IEnumerable<IChatSender> senders, IOptions<BotOptions> options, RosterService rosters)
{
    public async Task<(ChatAddress Address, ChatReply Reply)?> ComposeAsync(OutboxItem item, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        var message = item.Message;
        var card = Card(item);
        if (card is null)
        {
            return null;
        }

        ChatAddress address;
        if (item.Account is { } account)
        {
            address = await addresses.FindPersonalAsync(account.Channel, account.TenantId, account.UserId, cancellationToken)
                ?? new ChatAddress(account.Channel, account.TenantId, "", ChatAddressKind.Personal, account.UserId);
        }
        else if (message is { AddressChannel: { } channel, AddressTenantId: { } tenant, AddressConversationId: { } conversation })
        {
            address = await addresses.FindAsync(channel, tenant, conversation, cancellationToken)
                ?? new ChatAddress(channel, tenant, conversation, ChatAddressKind.Channel);
        }
        else
        {
            return null;
        }

        if (card.Kind == CardKinds.Announcement && item.Session is { } announced)
        {
            // An announcement is shared by everyone in the channel: each reader's client asks for their own view of it.
            card = card with
            {
                Refresh = await SharedCardRefresh.ForAsync(rosters, address.Channel, address.TenantId, CardActions.SharedViews.Announcement,
                    announced.Id.ToString(), [announced.NetworkHandle], cancellationToken),
            };
        }

        return (address, new ChatReply { Text = card.Title, Cards = [card], OutboxId = message.Id });
    }

    /// <summary>Where and why, in the words of the platform the post failed on.</summary>
    private (string Where, string Why) Describe(ChannelPostFailure failed) =>
        senders.LastOrDefault(s => s.Channel == failed.Channel) is { } sender
            ? sender.DescribeFailure(failed)
            : (failed.ChannelName ?? "a channel", "the post was refused");

    private CardView? Card(OutboxItem item)
    {
        var calendar = options.Value.PublicBaseUrl;
        return (item.Message.Kind, item.Session, item.Colleague) switch
        {
            (OutboxKind.Invitation, { } session, _) => SessionCards.Invitation(session, calendar),
            (OutboxKind.Reminder, { } session, _) => SessionCards.Reminder(session, calendar),
            (OutboxKind.Offer, { } session, _) => SessionCards.Offer(session),
            (OutboxKind.Cancellation, { } session, _) => SessionCards.Cancelled(session),
            (OutboxKind.Reschedule, { } session, _) => SessionCards.Rescheduled(session, calendar),
            (OutboxKind.Announcement, { } session, _) => SessionCards.Announcement(session),
            (OutboxKind.ColleagueInvitation, _, { } colleague) => NetworkCards.ColleagueInvitation(colleague),
            (OutboxKind.ChannelPostFailed, { } session, _) when item.FailedPost is { } failed => OrganizerCards.ChannelPostFailed(session, Describe(failed)),
            _ when item.Introduction is { } introduction => IntroductionCards.For(introduction),
            _ => null,
        };
    }
}
