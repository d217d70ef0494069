using CoPBot.Services.Domain;
using CoPBot.Services.Storage;
using Microsoft.EntityFrameworkCore;

namespace CoPBot.Services.App;

/// <summary>
/// Makes personal sign-in links single-use: a link's id is recorded the first time it is used, in the database every
/// instance shares, so a second use fails even on another instance or after a restart. Two uses at the same moment
/// race on the primary key and exactly one wins.
/// </summary>
public sealed class SignInLinkLedger(CoPBotDbContext db, TimeProvider clock)
{
    /// <summary>True when the link was used already (a look, recording nothing).</summary>
    public Task<bool> WasUsedAsync(Guid linkId, CancellationToken cancellationToken) =>
        db.UsedSignInLinks.AnyAsync(l => l.Id == linkId, cancellationToken);

    /// <summary>Records the link as used. False when it was used before.</summary>
    public async Task<bool> TryUseAsync(Guid linkId, DateTime expiresAt, CancellationToken cancellationToken)
    {
        // Links past their expiry are refused for that reason alone, so their ids need not be kept.
        var now = clock.GetUtcNow().UtcDateTime;
        await db.UsedSignInLinks.Where(l => l.ExpiresAt < now).ExecuteDeleteAsync(cancellationToken);

        db.UsedSignInLinks.Add(new UsedSignInLink { Id = linkId, ExpiresAt = expiresAt });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException ex) when (StorageFaults.IsUniqueViolation(ex))
        {
            db.ChangeTracker.Clear();
            return false;
        }
    }
}
