using System.Text.RegularExpressions;
using CoPBot.Bot.Conversation;
using CoPBot.Cards;
using CoPBot.Cards.Rendering;
using CoPBot.Services.Addresses;

namespace CoPBot.Bot.Slack;

/// <summary>Translates verified Slack payloads into platform-neutral turns. Pure: no I/O.</summary>
internal static partial class SlackTurns
{
    /// <summary>True when a message event is a person's new DM to the bot (not an edit, not a bot, not ourselves).</summary>
    public static bool IsDirectMessageFromPerson(SlackEvent message, SlackEventEnvelope envelope, SlackWorkspace workspace) =>
        message.Type == SlackEvent.Message
        && message.ChannelType == "im"
        && message.Subtype is null
        && message.BotId is null
        && !string.IsNullOrEmpty(message.User)
        && !string.IsNullOrEmpty(message.Channel)
        && !IsBotUser(message.User, envelope, workspace);

    public static bool IsBotUser(string userId, SlackEventEnvelope envelope, SlackWorkspace workspace) =>
        string.Equals(userId, workspace.BotUserId, StringComparison.Ordinal)
        || (envelope.Authorizations?.Any(a => a.IsBot && string.Equals(a.UserId, userId, StringComparison.Ordinal)) ?? false);

    /// <summary>
    /// Why an Events API envelope cannot be a real one, or null when it can: an id longer than CoPBot stores or with
    /// control characters, or a null inside a list. Checked before anything touches storage.
    /// </summary>
    public static string? Malformed(SlackEventEnvelope envelope)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        if (envelope.Authorizations?.Any(a => a is null) == true)
        {
            return "a list holds a null";
        }

        var message = envelope.Event;
        return ChatIds.FirstUnacceptable(
            (envelope.TeamId, ChatIds.MaxTenantIdLength, "team_id"),
            (envelope.ApiAppId, ChatIds.MaxTenantIdLength, "api_app_id"),
            (envelope.EventId, ChatIds.MaxTurnIdLength, "event_id"),
            (message?.User, ChatIds.MaxUserIdLength, "event.user"),
            (message?.Channel, ChatIds.MaxConversationIdLength, "event.channel"),
            (message?.Ts, ChatIds.MaxTurnIdLength, "event.ts"),
            (message?.ThreadTs, ChatIds.MaxTurnIdLength, "event.thread_ts"),
            (message?.BotId, ChatIds.MaxUserIdLength, "event.bot_id"));
    }

    /// <summary>The same for an interaction payload (block_actions, view_submission).</summary>
    public static string? Malformed(SlackInteraction interaction)
    {
        ArgumentNullException.ThrowIfNull(interaction);
        var states = new[] { interaction.State, interaction.View?.State }.OfType<SlackState>();
        // A state without "values" reads as null despite the initializer: the generated reader sets every init property.
        if (interaction.Actions?.Any(a => a is null) == true
            || states.Any(state => state.Values is null || state.Values.Values.Any(elements => elements is null || elements.Values.Any(e => e is null || e.SelectedOptions?.Any(o => o is null) == true))))
        {
            return "a list holds a null";
        }

        var clicked = interaction.Actions is { Count: > 0 } actions ? actions[0] : null;
        return ChatIds.FirstUnacceptable(
            (interaction.Team?.Id, ChatIds.MaxTenantIdLength, "team.id"),
            (interaction.User.Id, ChatIds.MaxUserIdLength, "user.id"),
            (interaction.User.TeamId, ChatIds.MaxTenantIdLength, "user.team_id"),
            (interaction.View?.TeamId, ChatIds.MaxTenantIdLength, "view.team_id"),
            (interaction.ApiAppId, ChatIds.MaxTenantIdLength, "api_app_id"),
            (interaction.Container?.ChannelId, ChatIds.MaxConversationIdLength, "container.channel_id"),
            (interaction.Container?.ViewId, ChatIds.MaxConversationIdLength, "container.view_id"),
            (interaction.Container?.MessageTs, ChatIds.MaxTurnIdLength, "container.message_ts"),
            (interaction.Channel?.Id, ChatIds.MaxConversationIdLength, "channel.id"),
            (interaction.TriggerId, ChatIds.MaxTurnIdLength, "trigger_id"),
            (clicked?.ActionTs is { } ts ? $"{ts}:{interaction.User.Id}" : null, ChatIds.MaxTurnIdLength, "action_ts"),
            (interaction.View?.Id is { } view ? $"{view}:{interaction.View.Hash}" : null, ChatIds.MaxTurnIdLength, "view.id and hash"));
    }

    /// <summary>The same for a slash command's form.</summary>
    public static string? Malformed(SlackSlashCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        return ChatIds.FirstUnacceptable(
            (command.TeamId, ChatIds.MaxTenantIdLength, "team_id"),
            (command.ApiAppId, ChatIds.MaxTenantIdLength, "api_app_id"),
            (command.UserId, ChatIds.MaxUserIdLength, "user_id"),
            (command.ChannelId, ChatIds.MaxConversationIdLength, "channel_id"),
            (command.TriggerId, ChatIds.MaxTurnIdLength, "trigger_id"));
    }

    /// <summary>A turn for an app_mention or a DM message; the event id makes redeliveries harmless downstream.</summary>
    public static ChatTurn FromMessageEvent(SlackEventEnvelope envelope, SlackEvent message, SlackWorkspace workspace, ChatUser user) => new()
    {
        User = user,
        Conversation = new ChatConversation(message.Channel!, KindOf(message.Channel!, message.ChannelType)),
        Text = StripMentions(message.Text ?? string.Empty),
        TurnId = envelope.EventId,
    };

    public static ChatTurn FromCommand(SlackSlashCommand command) => new()
    {
        User = new ChatUser(ChatChannels.Slack, command.TeamId, command.UserId, command.UserName ?? command.UserId),
        Conversation = new ChatConversation(
            command.ChannelId,
            KindOf(command.ChannelId, command.ChannelName == "directmessage" ? "im" : null),
            ChatIds.ClipName(command.ChannelName)),
        Text = Unescape(command.Text).Trim(),
        TurnId = command.TriggerId,
    };

    /// <summary>
    /// A card button: action_id carries the verb, value the data, and the inputs of the same message (state.values)
    /// are merged in by input id. The turn id is the click's action_ts plus the user, so a double click is one RSVP.
    /// </summary>
    public static ChatTurn? FromBlockActions(SlackInteraction interaction, string teamId)
    {
        var action = interaction.Actions is { Count: > 0 } actions ? actions[0] : null;
        if (action is null)
        {
            return null;
        }

        var data = new Dictionary<string, string>(BlockKitRenderer.DataOf(action.Value), StringComparer.Ordinal);
        foreach (var (key, value) in StateData(interaction.State))
        {
            data[key] = value;
        }

        if (action.Type is not null and not "button" && ValueOf(action) is { } selected)
        {
            data[action.BlockId ?? action.ActionId] = selected;
        }

        var channelId = interaction.Container?.ChannelId ?? interaction.Channel?.Id;
        return new ChatTurn
        {
            User = UserOf(interaction, teamId),
            Conversation = channelId is null
                ? new ChatConversation(interaction.User.Id, ChatConversationKind.Personal)
                : new ChatConversation(channelId, KindOf(channelId, null), ChatIds.ClipName(interaction.Channel?.Name)),
            Action = new ChatAction(BlockKitRenderer.VerbOf(action.ActionId), data),
            TurnId = action.ActionTs is null ? null : $"{action.ActionTs}:{interaction.User.Id}",
        };
    }

    /// <summary>A modal submit: callback_id is the verb, private_metadata the data, the inputs merged by input id.</summary>
    public static ChatTurn? FromViewSubmission(SlackInteraction interaction, string teamId)
    {
        var view = interaction.View;
        if (view is null || string.IsNullOrEmpty(view.CallbackId))
        {
            return null;
        }

        var data = new Dictionary<string, string>(BlockKitRenderer.DataOf(view.PrivateMetadata), StringComparer.Ordinal);
        foreach (var (key, value) in StateData(view.State))
        {
            data[key] = value;
        }

        return new ChatTurn
        {
            User = UserOf(interaction, teamId),
            Conversation = new ChatConversation(interaction.User.Id, ChatConversationKind.Personal),
            Action = new ChatAction(view.CallbackId, data),
            TurnId = view.Id is null ? null : $"{view.Id}:{view.Hash}",
        };
    }

    public static ChatTurn HomeTurn(SlackEventEnvelope envelope, SlackEvent opened, ChatUser user) => new()
    {
        User = user,
        Conversation = new ChatConversation(opened.Channel ?? opened.User!, ChatConversationKind.Personal),
        Action = new ChatAction(CardActions.MySessions, new Dictionary<string, string>()),
        TurnId = envelope.EventId,
    };

    /// <summary>
    /// Input values by input id: the renderer gives each input block the input's id as block_id; a block holding
    /// several elements is keyed by action_id instead.
    /// </summary>
    public static Dictionary<string, string> StateData(SlackState? state)
    {
        var data = new Dictionary<string, string>(StringComparer.Ordinal);
        if (state is null)
        {
            return data;
        }

        foreach (var (blockId, elements) in state.Values)
        {
            foreach (var (actionId, element) in elements)
            {
                if (ValueOf(element) is { } value)
                {
                    data[elements.Count == 1 ? BlockKitRenderer.InputIdOf(blockId) : actionId] = value;
                }
            }
        }

        return data;
    }

    public static ChatConversationKind KindOf(string channelId, string? channelType) => channelType switch
    {
        "im" => ChatConversationKind.Personal,
        "mpim" or "group" => ChatConversationKind.Group,
        "channel" => ChatConversationKind.Channel,
        _ when channelId.StartsWith('D') => ChatConversationKind.Personal,
        _ when channelId.StartsWith('G') => ChatConversationKind.Group,
        _ => ChatConversationKind.Channel,
    };

    /// <summary>Removes user mentions at the start ("&lt;@U0LAN0Z89&gt; who idealab") and Slack's escapes.</summary>
    public static string StripMentions(string text) => Unescape(LeadingMentions().Replace(text, string.Empty)).Trim();

    /// <summary>Slack escapes &amp;, &lt; and &gt; in message text; the router gets plain text.</summary>
    public static string Unescape(string text) =>
        text.Replace("&lt;", "<", StringComparison.Ordinal)
            .Replace("&gt;", ">", StringComparison.Ordinal)
            .Replace("&amp;", "&", StringComparison.Ordinal);

    private static ChatUser UserOf(SlackInteraction interaction, string teamId) => new(
        ChatChannels.Slack,
        teamId,
        interaction.User.Id,
        interaction.User.Name ?? interaction.User.Username ?? interaction.User.Id);

    private static string? ValueOf(SlackStateValue element) => element.Type switch
    {
        "datepicker" => element.SelectedDate,
        "timepicker" => element.SelectedTime,
        "checkboxes" => element.SelectedOptions is { Count: > 0 } selected
            ? string.Join(',', selected.Select(o => o.Value))
            : "false",
        "users_select" => element.SelectedUser,
        "conversations_select" or "channels_select" => element.SelectedConversation,
        _ => element.Value ?? element.SelectedOption?.Value,
    };

    private static string? ValueOf(SlackAction action) =>
        action.SelectedOption?.Value ?? action.SelectedDate ?? action.SelectedTime ?? action.Value;

    // Non-backtracking: linear in the text whatever it holds (no timeout to hit, no exception to answer with a 500).
    [GeneratedRegex(@"^(\s*<@[A-Z0-9]+(\|[^>]*)?>[\s,:]*)+", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex LeadingMentions();
}
