using CoPBot.Bot.Conversation;
using CoPBot.Cards.Rendering;
using CoPBot.Cards.Views;
using CoPBot.Services.Storage;
using Microsoft.Extensions.Options;

namespace CoPBot.Bot.Slack;

/// <summary>
/// What each kind of verified Slack request does. Slack wants an answer within 3 seconds. An event's turn runs before
/// the answer: Slack redelivers events it saw no 200 for, so an acknowledged event is a committed one. Commands and
/// interactions wait for the router up to <see cref="SlackOptions.AcknowledgeWithin"/>, answer with the reply when it
/// is ready (503 when storage is unavailable, for the person to try again), and otherwise acknowledge and finish in
/// the background through response_url or the Web API.
/// </summary>
internal sealed partial class SlackHandlers(
    SlackTurnRunner runner,
    SlackReplies replies,
    SlackUserDirectory users,
    SlackBackgroundQueue queue,
    IOptionsMonitor<SlackOptions> options,
    TimeProvider time,
    ILogger<SlackHandlers> logger)
{
    private const string WorkingOnIt = "Working on it…";
    private const string SomethingWentWrong = "Sorry, that did not work. Please try again in a moment.";

    // Events

    /// <summary>
    /// Answers an app_mention or a DM: the turn runs now (the endpoint's 200 means it is committed) and the reply is
    /// posted in the background. app_home_opened changes nothing and is queued. Anything else is ignored.
    /// </summary>
    public async Task HandleEventAsync(SlackWorkspace workspace, SlackEventEnvelope envelope, CancellationToken cancellationToken)
    {
        var message = envelope.Event;
        if (message is null)
        {
            return;
        }

        switch (message.Type)
        {
            case SlackEvent.AppMention when message is { User: { Length: > 0 }, Channel: { Length: > 0 } }
                && message.BotId is null && !SlackTurns.IsBotUser(message.User, envelope, workspace):
            case SlackEvent.Message when SlackTurns.IsDirectMessageFromPerson(message, envelope, workspace):
                await AnswerMessageAsync(workspace, envelope, message, cancellationToken);
                break;
            case SlackEvent.AppHomeOpened when message is { Tab: "home", User: { Length: > 0 } }:
                await queue.EnqueueAsync(new SlackWorkItem($"event {envelope.EventId}", ct => PublishHomeAsync(workspace, envelope, message, ct)), cancellationToken);
                break;
            default:
                LogIgnoredEvent(logger, message.Type, message.Subtype);
                break;
        }
    }

    private async Task AnswerMessageAsync(SlackWorkspace workspace, SlackEventEnvelope envelope, SlackEvent message, CancellationToken cancellationToken)
    {
        var user = await users.GetAsync(workspace, message.User!, cancellationToken);
        var turn = SlackTurns.FromMessageEvent(envelope, message, workspace, user);
        var reply = await runner.StartAsync(turn, workspace);
        var threadTs = message.Type == SlackEvent.AppMention ? message.ThreadTs : null;
        await queue.EnqueueAsync(new SlackWorkItem($"event {envelope.EventId} reply", ct => replies.PostAsync(workspace, message.Channel!, message.User!, reply, threadTs, ct)), cancellationToken);
    }

    private async Task PublishHomeAsync(SlackWorkspace workspace, SlackEventEnvelope envelope, SlackEvent opened, CancellationToken cancellationToken)
    {
        var user = await users.GetAsync(workspace, opened.User!, cancellationToken);
        var reply = await runner.StartAsync(SlackTurns.HomeTurn(envelope, opened, user), workspace);
        await replies.PublishHomeAsync(workspace, opened.User!, reply, cancellationToken);
    }

    // Slash command

    /// <summary>A late reply with a progress card: the card goes to the DM (updatable); the rest answers the command.</summary>
    private async Task<ChatReply> WithProgressInDirectMessageAsync(SlackWorkspace workspace, string userId, ChatReply reply, CancellationToken cancellationToken)
    {
        if (reply.ProgressRunId is null)
        {
            return reply;
        }

        await replies.PostProgressCardAsync(workspace, userId, reply, cancellationToken);
        return reply with { Cards = [], Text = reply.Text + " Progress: in our direct messages." };
    }

    /// <summary>The HTTP answer to /cop: the reply when the router is quick, else an acknowledgement.</summary>
    public async Task<SlackResponseMessage?> HandleCommandAsync(SlackWorkspace workspace, SlackSlashCommand command, CancellationToken cancellationToken)
    {
        var pending = runner.StartAsync(SlackTurns.FromCommand(command), workspace);
        var reply = await WaitBrieflyAsync(pending, cancellationToken);
        if (reply is null)
        {
            // Named by its user, never its trigger id: that opens a modal on the person's behalf, and the name is logged.
            await FinishInBackgroundAsync($"command of {command.UserId}", pending, async (late, ct) =>
            {
                if (command.ResponseUrl is not null)
                {
                    await replies.RespondAsync(command.ResponseUrl, SlackReplies.ToResponse(await WithProgressInDirectMessageAsync(workspace, command.UserId, late, ct), SlackResponseMessage.Ephemeral), ct);
                }
            }, command.ResponseUrl, cancellationToken);
            return new SlackResponseMessage { Text = WorkingOnIt, ResponseType = SlackResponseMessage.Ephemeral };
        }

        if (reply == Failed)
        {
            return new SlackResponseMessage { Text = SomethingWentWrong, ResponseType = SlackResponseMessage.Ephemeral };
        }

        if (reply.ProgressRunId is not null)
        {
            // Posting the card takes two Web API calls: in the background, so the command is still answered in time.
            var withProgress = reply;
            await queue.EnqueueAsync(new SlackWorkItem("progress card", ct => replies.PostProgressCardAsync(workspace, command.UserId, withProgress, ct)), cancellationToken);
            reply = reply with { Cards = [], Text = reply.Text + " Progress: in our direct messages." };
        }

        // A form or roster opens as a modal while the trigger is fresh; the rest of the reply is the answer.
        var modal = SlackReplies.ModalCard(reply);
        if (modal is not null && command.TriggerId is not null
            && await replies.OpenModalAsync(workspace, command.TriggerId, modal, cancellationToken))
        {
            reply = SlackReplies.Without(reply, modal);
        }

        // Answers to /cop are seen by the person who asked only; announcements go to channels through delivery.
        return SlackReplies.IsEmpty(reply) ? null : SlackReplies.ToResponse(reply, SlackResponseMessage.Ephemeral);
    }

    // block_actions

    /// <summary>A button click: the router's answer replaces the card in place (or updates the modal / Home tab).</summary>
    public async Task HandleBlockActionsAsync(SlackWorkspace workspace, SlackInteraction interaction, CancellationToken cancellationToken)
    {
        var turn = SlackTurns.FromBlockActions(interaction, workspace.TeamId);
        if (turn is null)
        {
            return;
        }

        var pending = runner.StartAsync(turn, workspace);
        var reply = await WaitBrieflyAsync(pending, cancellationToken);
        if (reply is null)
        {
            await FinishInBackgroundAsync($"action {turn.TurnId}", pending,
                (late, ct) => ApplyActionReplyAsync(workspace, interaction, late, canOpenModal: false, ct),
                interaction.ResponseUrl, cancellationToken);
            return;
        }

        if (reply == Failed)
        {
            if (interaction.ResponseUrl is not null)
            {
                await queue.EnqueueAsync(new SlackWorkItem("action failure", ct => replies.RespondAsync(interaction.ResponseUrl,
                    new SlackResponseMessage { Text = SomethingWentWrong, ResponseType = SlackResponseMessage.Ephemeral }, ct)), cancellationToken);
            }

            return;
        }

        await ApplyActionReplyAsync(workspace, interaction, reply, canOpenModal: true, cancellationToken);
    }

    private async Task ApplyActionReplyAsync(SlackWorkspace workspace, SlackInteraction interaction, ChatReply reply, bool canOpenModal, CancellationToken cancellationToken)
    {
        var modal = SlackReplies.ModalCard(reply);
        if (canOpenModal && modal is not null && interaction.TriggerId is not null
            && await replies.OpenModalAsync(workspace, interaction.TriggerId, modal, cancellationToken))
        {
            reply = SlackReplies.Without(reply, modal);
        }

        var container = interaction.Container;
        var userId = interaction.User.Id;
        if (container?.Type == "view")
        {
            if (reply.UpdatedCard is { } updated && container.ViewId is not null && interaction.View?.Type == "modal")
            {
                await replies.UpdateModalAsync(workspace, container.ViewId, updated, cancellationToken);
                reply = reply with { UpdatedCard = null };
            }
            else if (reply.UpdatedCard is not null && interaction.View?.Type == "home")
            {
                await queue.EnqueueAsync(new SlackWorkItem("home refresh", ct => RefreshHomeAsync(workspace, interaction, ct)), cancellationToken);
                reply = reply with { UpdatedCard = null };
            }

            var inDirectMessage = reply.ForSpeakerAlone();
            await queue.EnqueueAsync(new SlackWorkItem("action reply", ct => replies.DirectMessageAsync(workspace, userId, inDirectMessage, ct)), cancellationToken);
            return;
        }

        if (interaction.ResponseUrl is not { } responseUrl)
        {
            return;
        }

        var isDirect = container?.ChannelId?.StartsWith('D') ?? false;
        var followUpType = isDirect && !reply.Private ? SlackResponseMessage.InChannel : SlackResponseMessage.Ephemeral;
        await queue.EnqueueAsync(new SlackWorkItem("action reply", async ct =>
        {
            if (reply.UpdatedCard is { } updated)
            {
                // The clicked message now shows its new state ("You're going. Changed your mind?").
                await replies.RespondAsync(responseUrl, SlackReplies.ToResponse(new ChatReply { Cards = [updated] }, followUpType, replaceOriginal: true), ct);
            }

            var rest = reply with { UpdatedCard = null };
            if (!SlackReplies.IsEmpty(rest))
            {
                await replies.RespondAsync(responseUrl, SlackReplies.ToResponse(rest, followUpType, replaceOriginal: false), ct);
            }
        }), cancellationToken);
    }

    private async Task RefreshHomeAsync(SlackWorkspace workspace, SlackInteraction interaction, CancellationToken cancellationToken)
    {
        var user = new ChatUser(ChatChannels.Slack, workspace.TeamId, interaction.User.Id, interaction.User.Name ?? interaction.User.Id);
        var opened = new SlackEvent { Type = SlackEvent.AppHomeOpened, User = interaction.User.Id };
        var reply = await runner.StartAsync(SlackTurns.HomeTurn(new SlackEventEnvelope { Type = SlackEventEnvelope.EventCallback }, opened, user), workspace);
        await replies.PublishHomeAsync(workspace, interaction.User.Id, reply, cancellationToken);
    }

    // view_submission

    /// <summary>
    /// A modal submit. Field errors keep the modal open (response_action "errors", keyed by input id = block_id);
    /// a form that comes back with general errors is redrawn ("update"); success closes it (null) and the reply
    /// goes to the person's DM.
    /// </summary>
    public async Task<SlackViewSubmissionResponse?> HandleViewSubmissionAsync(SlackWorkspace workspace, SlackInteraction interaction, CancellationToken cancellationToken)
    {
        var turn = SlackTurns.FromViewSubmission(interaction, workspace.TeamId);
        if (turn is null)
        {
            return null;
        }

        var userId = interaction.User.Id;
        var pending = runner.StartAsync(turn, workspace);
        var reply = await WaitBrieflyAsync(pending, cancellationToken);
        if (reply is null)
        {
            await FinishInBackgroundAsync($"submission {turn.TurnId}", pending,
                (late, ct) => replies.DirectMessageAsync(workspace, userId, late, ct), null, cancellationToken);
            return null;
        }

        if (reply == Failed)
        {
            return new SlackViewSubmissionResponse
            {
                ResponseAction = "errors",
                Errors = FirstInputOf(interaction) is { } first ? new Dictionary<string, string> { [first] = SomethingWentWrong } : null,
            };
        }

        var form = reply.UpdatedCard ?? SlackReplies.ModalCard(reply);
        var fieldErrors = form?.Inputs
            .Where(i => !string.IsNullOrWhiteSpace(i.Error))
            .GroupBy(i => i.Id, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => BlockKitRenderer.Truncate(g.First().Error!, 2000), StringComparer.Ordinal);
        if (fieldErrors is { Count: > 0 })
        {
            return new SlackViewSubmissionResponse { ResponseAction = "errors", Errors = fieldErrors };
        }

        if (form is not null && (form.Errors.Count > 0 || !ReferenceEquals(form, reply.UpdatedCard)))
        {
            var rest = SlackReplies.Without(reply with { UpdatedCard = null }, form);
            if (!SlackReplies.IsEmpty(rest))
            {
                await queue.EnqueueAsync(new SlackWorkItem("submission reply", ct => replies.DirectMessageAsync(workspace, userId, rest, ct)), cancellationToken);
            }

            return new SlackViewSubmissionResponse { ResponseAction = "update", View = BlockKitRenderer.RenderModal(form) };
        }

        var confirmation = reply with { UpdatedCard = null };
        if (!SlackReplies.IsEmpty(confirmation))
        {
            await queue.EnqueueAsync(new SlackWorkItem("submission reply", ct => replies.DirectMessageAsync(workspace, userId, confirmation, ct)), cancellationToken);
        }

        return null;
    }

    private static string? FirstInputOf(SlackInteraction interaction) => interaction.View?.State?.Values.Keys.FirstOrDefault();

    // Shared

    private static readonly ChatReply Failed = new() { Text = SomethingWentWrong };

    /// <summary>The reply if the router answers within the acknowledgement budget; null if not yet; <see cref="Failed"/> if it threw.</summary>
    private async Task<ChatReply?> WaitBrieflyAsync(Task<ChatReply> pending, CancellationToken cancellationToken)
    {
        try
        {
            return await pending.WaitAsync(options.CurrentValue.AcknowledgeWithin, time, cancellationToken);
        }
        catch (TimeoutException)
        {
            return null;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return null;
        }
#pragma warning disable CA1031 // A router failure becomes a friendly answer and a log entry; a transient one answers 503 so Slack's user can retry.
        catch (Exception exception) when (!StorageFaults.IsTransient(exception))
#pragma warning restore CA1031
        {
            LogRouterFailed(logger, exception);
            return Failed;
        }
    }

    private async Task FinishInBackgroundAsync(string name, Task<ChatReply> pending, Func<ChatReply, CancellationToken, Task> deliver, string? responseUrl, CancellationToken cancellationToken)
    {
        LogSlowTurn(logger, name);
        await queue.EnqueueAsync(new SlackWorkItem(name, async ct =>
        {
            ChatReply late;
            try
            {
                late = await pending;
            }
#pragma warning disable CA1031 // Logged and answered; the worker keeps going.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                LogRouterFailed(logger, exception);
                if (responseUrl is not null)
                {
                    await replies.RespondAsync(responseUrl, new SlackResponseMessage { Text = SomethingWentWrong, ResponseType = SlackResponseMessage.Ephemeral }, ct);
                }

                return;
            }

            await deliver(late, ct);
        }), cancellationToken);
    }

    [LoggerMessage(EventId = 4130, Level = LogLevel.Debug, Message = "Slack event {Type}/{Subtype} ignored")]
    private static partial void LogIgnoredEvent(ILogger logger, string type, string? subtype);

    [LoggerMessage(EventId = 4131, Level = LogLevel.Information, Message = "Slack {Name} acknowledged before the router answered; finishing in the background")]
    private static partial void LogSlowTurn(ILogger logger, string name);

    [LoggerMessage(EventId = 4132, Level = LogLevel.Error, Message = "The router failed on a Slack turn")]
    private static partial void LogRouterFailed(ILogger logger, Exception exception);
}
