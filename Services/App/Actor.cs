namespace CoPBot.Services.App;

/// <summary>The person acting in a turn, as the services need them.</summary>
public sealed record Actor(Guid PersonId, Guid OrganizationId, string DisplayName, string TimeZoneId);

/// <summary>A platform identity, as the adapters know it.</summary>
/// <param name="Channel">"msteams", "slack" or "console".</param>
public sealed record AccountKey(string Channel, string TenantId, string UserId);
