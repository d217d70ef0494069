using CoPBot.Services.Domain;

namespace CoPBot.Services.Tests.Domain;

/// <summary>
/// Rule 11's guard against phrasings seen in the wild: every mandate or attendance-taking phrasing is refused, in any
/// case, spacing, punctuation or dash; harmless look-alikes pass.
/// </summary>
public class MandateGuardTests
{
    /// <summary>Mandate and attendance-taking phrasings: each must be refused.</summary>
    public static readonly TheoryData<string> Mandates = new(
        "Safety briefing - required for all staff",
        "Safety briefing \u2014 required for all staff",
        "Safety briefing\u2013required for all staff",
        "Required for all staff",
        "REQUIRED FOR ALL STAFF!!!",
        "required   for\tall   staff",
        "Required: all staff",
        "required of every supervisor",
        "Mandatory for all employees",
        "mandatory-for-all employees",
        "This session is mandatory.",
        "Ｍandatory session",
        "attendance mandatory",
        "Attendance is mandatory",
        "Mandatory attendance",
        "Compulsory",
        "Compulsory training",
        "It is compulsory for all supervisors",
        "Obligatory",
        "This is an obligatory session",
        "attendance is obligatory",
        "You must attend",
        "You MUST   attend.",
        "All staff must attend",
        "Everyone must be present",
        "All employees are to attend",
        "Staff are to be present",
        "Attendance is expected",
        "Attendance expected",
        "You are expected to attend",
        "Everyone is expected to participate",
        "We expect all staff to attend",
        "All staff are expected",
        "Attendance will be taken",
        "Attendance will be recorded",
        "attendance is tracked",
        "We will take attendance",
        "Roll will be taken",
        "Roll call at 9:00",
        "Sign-in sheet will be checked",
        "The sign in sheet goes to your supervisor",
        "No-shows will be reported",
        "No shows will be reported to managers",
        "Absences will be noted",
        "Failure to attend will be noted",
        "Failing to attend",
        "Required training",
        "Required Training: data privacy",
        "Attendance required",
        "Attendance is required",
        "Attendance: required.",
        "Required attendance",
        "All staff are required to attend",
        "required to participate",
        "Mandated by the director",
        "Attendance is not optional",
        "No exceptions",
        "Your presence is required",
        "Your presence is mandatory",
        "Attendance is essential",
        "Participation is mandatory",
        "Participation expected",
        "Obligated to attend",
        "Not mandatory, but all staff must attend",
        "No laptops needed, attendance required",
        "Mandatory reporting training is mandatory for all staff");

    /// <summary>
    /// Harmless look-alikes: each must pass. Requirements, expectations and must-haves are topics, not orders; a
    /// negation right before the words ("nobody is required") says the opposite of a mandate; "mandatory reporting" is
    /// a legal duty that is the subject of many trainings, not an order to attend; and past attendance figures take
    /// nobody's attendance (the organizer may celebrate a good turnout).
    /// </summary>
    public static readonly TheoryData<string> LookAlikes = new(
        "Requirements gathering",
        "Must-have features for the permit portal",
        "Expected outcomes",
        "Attendance numbers last year were great",
        "Required reading is optional",
        "No preparation is required",
        "We'd love to see you",
        "We'll review the new requirements for permits",
        "What we expect from the new permit system",
        "Expected attendance: about 20 people",
        "20 participants expected",
        "Come if you can; no need to tell anyone",
        "Optional: read chapter 3 beforehand",
        "Bring a roll of tape and markers",
        "Role play exercise",
        "Roll-out of the 311 app will be reviewed",
        "Sign-in not needed: just walk in",
        "Mandatory reporting: what changed in 2026",
        "Team meeting: mandatory reporting update",
        "Mandated reporters share their practice",
        "You are not required to attend every session",
        "Nobody is expected to attend every session",
        "No one is required to come",
        "Attendance is not required; come when it helps",
        "This is not mandatory",
        "A non-mandatory peer session",
        "Compulsive hoarding cases: a practice review",
        "Obligations under the new records law",
        "A must-see demo",
        "Required fields in the permit form",
        "Staff from all departments are welcome",
        "Everyone is welcome to attend",
        "The network's mandate is to share practice");

    [Theory]
    [MemberData(nameof(Mandates))]
    public void Find_MandateOrAttendanceTaking_IsRefused(string text) =>
        Assert.NotNull(MandateGuard.Find(text));

    [Theory]
    [MemberData(nameof(LookAlikes))]
    public void Find_HarmlessLookAlike_Passes(string text) =>
        Assert.Null(MandateGuard.Find(text));

    [Fact]
    public void Lists_AreLongEnough()
    {
        Assert.True(Mandates.Count >= 40, $"{Mandates.Count} mandate phrasings");
        Assert.True(LookAlikes.Count >= 20, $"{LookAlikes.Count} look-alikes");
    }

    [Fact]
    public void Find_ReturnsThePhraseAsTheOrganizerWroteIt()
    {
        Assert.Equal("required for all staff", MandateGuard.Find("Bring coffee - required for all staff, 9:00"));
        Assert.Equal("No-shows will be reported", MandateGuard.Find(null, "Bring coffee. No-shows will be reported."));
    }

    [Fact]
    public void Find_AnyOfSeveralTexts_IsFound() =>
        Assert.Equal("must attend", MandateGuard.Find("IdeaLab", null, "", "Everyone must attend"));

    [Fact]
    public void EnsureInviting_Mandate_ThrowsTheFriendlyWarning()
    {
        var ex = Assert.Throws<DomainException>(() => MandateGuard.EnsureInviting("Please reword it.", "Title", "Attendance will be taken"));

        Assert.Contains("\"Attendance will be taken\" reads like a mandate", ex.Message, StringComparison.Ordinal);
        Assert.Contains("reword", ex.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// Pathological input (long runs of words that start phrases and fillers that keep them alive, dashes, commas) is
    /// read once: the matcher's work grows in proportion to the text. Counted, not timed.
    /// </summary>
    [Fact]
    public void Find_PathologicalInput_WorkGrowsLinearly()
    {
        static string Text(int repeat) =>
            string.Concat(Enumerable.Repeat("attendance is is is is roll the the the the sign in in in required-for-the-the ", repeat))
            + string.Concat(Enumerable.Repeat("-,-", repeat));

        Assert.Null(MandateGuard.Find(Text(100)));
        var small = MandateGuard.Work(Text(1_000));
        var large = MandateGuard.Work(Text(8_000));

        Assert.InRange(large, 7 * small, 9 * small);
    }
}
