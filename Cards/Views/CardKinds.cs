namespace CoPBot.Cards.Views;

/// <summary>The names of the card views; each has one builder in Cards.</summary>
public static class CardKinds
{
    public const string Invitation = "invitation";
    public const string Announcement = "announcement";
    public const string SessionDetails = "session-details";
    public const string Roster = "roster";
    public const string MySessions = "my-sessions";
    public const string Networks = "networks";
    public const string Settings = "settings";
    public const string Help = "help";
    public const string ScheduleForm = "schedule-form";
    public const string RescheduleForm = "reschedule-form";
    public const string Offer = "offer";
    public const string ColleagueInvitation = "colleague-invitation";
    public const string Notice = "notice";
    public const string Stats = "stats";
    public const string Welcome = "welcome";
    public const string Progress = "progress";

    /// <summary>A finished action in one line, with its undo where one exists.</summary>
    public const string Confirmation = "confirmation";

    /// <summary>"Which one?": a short answer that could mean several sessions, with one button per session.</summary>
    public const string Choice = "choice";
}
