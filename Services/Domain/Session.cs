namespace CoPBot.Services.Domain;

/// <summary>One in-person meeting of a network. It says honestly what it asks (rule 9) and can never be mandatory (rule 11).</summary>
public sealed class Session
{
    public Guid Id { get; init; } = Guid.NewGuid();

    public Guid NetworkId { get; init; }

    public Network? Network { get; init; }

    /// <summary>Per-network number, so people can type "idealab-3".</summary>
    public int Number { get; init; }

    public required string Title { get; set; }

    public string? Agenda { get; set; }

    public string? Preparation { get; set; }

    /// <summary>Which part of a series this is, e.g. "booster 2 of 3" (rule 9).</summary>
    public string? SeriesPart { get; set; }

    public DateTime StartsAt { get; private set; }

    public DateTime EndsAt { get; private set; }

    /// <summary>The zone the organizer scheduled in; each reader sees times in their own zone.</summary>
    public required string TimeZoneId { get; init; }

    public string? Room { get; set; }

    public string? Address { get; set; }

    public int? Capacity { get; private set; }

    /// <summary>The organizer who invites, named on every invitation (rule 9).</summary>
    public Guid OrganizerId { get; init; }

    public Person? Organizer { get; init; }

    public SessionStatus Status { get; private set; } = SessionStatus.Scheduled;

    /// <summary>When an organizer first sent invitations; members who join later are invited too.</summary>
    public DateTime? InvitationsOpenedAt { get; private set; }

    public void OpenInvitations(DateTime now) => InvitationsOpenedAt ??= now;

    /// <summary>Calendar SEQUENCE: goes up with every reschedule and the cancellation.</summary>
    public int Sequence { get; private set; }

    public DateTime CreatedAt { get; init; }

    /// <summary>
    /// Optimistic concurrency token, bumped whenever places change hands, so two people can never both take the
    /// last place: the second save fails and is retried against the new state.
    /// </summary>
    public int Version { get; private set; }

    /// <summary>Marks that places changed hands; only a session with a capacity has places to race for.</summary>
    public void TouchPlaces()
    {
        if (Capacity is not null)
        {
            Version++;
        }
    }

    public string Reference => Network is null ? $"#{Number}" : $"{Network.Handle}-{Number}";

    public TimeSpan Duration => EndsAt - StartsAt;

    public bool HasStarted(DateTime now) => now >= StartsAt;

    public bool IsOpenForAnswers(DateTime now) => Status == SessionStatus.Scheduled && !HasStarted(now);

    public static Session Create(SessionDraft draft, Guid networkId, int number, Guid organizerId, DateTime now)
    {
        draft.Validate(now);
        var session = new Session
        {
            NetworkId = networkId,
            Number = number,
            Title = UserText.Line(draft.Title),
            Agenda = Clean(draft.Agenda, lineBreaks: true),
            Preparation = Clean(draft.Preparation, lineBreaks: true),
            SeriesPart = Clean(draft.SeriesPart),
            TimeZoneId = draft.TimeZoneId,
            Room = Clean(draft.Room),
            Address = Clean(draft.Address),
            OrganizerId = organizerId,
            CreatedAt = now,
        };
        session.StartsAt = draft.StartsAt;
        session.EndsAt = draft.StartsAt + draft.Duration;
        session.Capacity = draft.Capacity;
        return session;
    }

    public void Reschedule(DateTime startsAt, TimeSpan duration, string? room, string? address, DateTime now)
    {
        EnsureScheduled();
        if (startsAt <= now)
        {
            throw new DomainException("The new time is in the past. Pick a time that is still ahead.");
        }

        SessionDraft.ValidateDuration(duration);
        MandateGuard.EnsureInviting(SessionDraft.RewordAdvice, room, address);
        StartsAt = startsAt;
        EndsAt = startsAt + duration;
        Room = Clean(room) ?? Room;
        Address = Clean(address) ?? Address;
        Sequence++;
    }

    public void Cancel(DateTime now)
    {
        EnsureScheduled();
        if (EndsAt <= now)
        {
            throw new DomainException("This session is already over.");
        }

        Status = SessionStatus.Cancelled;
        Sequence++;
    }

    public void ChangeCapacity(int? capacity)
    {
        SessionDraft.ValidateCapacity(capacity);
        Capacity = capacity;
    }

    private void EnsureScheduled()
    {
        if (Status == SessionStatus.Cancelled)
        {
            throw new DomainException("This session was cancelled.");
        }
    }

    /// <summary>The text as stored (<see cref="UserText"/>); null when nothing visible is left.</summary>
    private static string? Clean(string? text, bool lineBreaks = false) =>
        (lineBreaks ? UserText.Paragraphs(text) : UserText.Line(text)) is { Length: > 0 } kept ? kept : null;
}

public enum SessionStatus
{
    Scheduled,
    Cancelled,
}

/// <summary>What an organizer asks for when scheduling: checked before anything is stored.</summary>
public sealed record SessionDraft
{
    public const int MaxTitleLength = 120;
    public const int MaxTextLength = 1500;

    /// <summary>What the organizer reads after a mandate was found in a session's text (rule 11).</summary>
    internal const string RewordAdvice = "Please reword it (for example \"we'd love to see you\").";

    public required string Title { get; init; }

    public required DateTime StartsAt { get; init; }

    public required TimeSpan Duration { get; init; }

    public required string TimeZoneId { get; init; }

    public string? Agenda { get; init; }

    public string? Preparation { get; init; }

    public string? SeriesPart { get; init; }

    public string? Room { get; init; }

    public string? Address { get; init; }

    public int? Capacity { get; init; }

    public void Validate(DateTime now)
    {
        if (UserText.Line(Title).Length == 0)
        {
            throw new DomainException("A session needs a title.");
        }

        if (Title.Length > MaxTitleLength)
        {
            throw new DomainException($"Keep the title under {MaxTitleLength} characters.");
        }

        if ((Agenda?.Length ?? 0) > MaxTextLength || (Preparation?.Length ?? 0) > MaxTextLength)
        {
            throw new DomainException($"Keep the agenda and preparation under {MaxTextLength} characters each.");
        }

        if (StartsAt.Kind != DateTimeKind.Utc)
        {
            throw new InvalidOperationException("A session draft's start must be in UTC.");
        }

        if (StartsAt <= now)
        {
            throw new DomainException("That time is in the past. Pick a time that is still ahead.");
        }

        if (string.IsNullOrWhiteSpace(Room) && string.IsNullOrWhiteSpace(Address))
        {
            throw new DomainException("Sessions meet in person: say where (a room, an address or both).");
        }

        ValidateDuration(Duration);
        ValidateCapacity(Capacity);

        MandateGuard.EnsureInviting(RewordAdvice, Title, Agenda, Preparation, SeriesPart, Room, Address);
    }

    internal static void ValidateDuration(TimeSpan duration)
    {
        if (duration < TimeSpan.FromMinutes(10) || duration > TimeSpan.FromHours(12))
        {
            throw new DomainException("A session lasts between 10 minutes and 12 hours.");
        }
    }

    internal static void ValidateCapacity(int? capacity)
    {
        if (capacity is < 1 or > 10_000)
        {
            throw new DomainException("Capacity is a number of places from 1 to 10000, or leave it empty for no limit.");
        }
    }
}
