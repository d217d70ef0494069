using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CoPBot.Services.Storage;

/// <summary>
/// What a storage failure means, for both providers: transient (the database is unreachable, busy or timed out, so the
/// same request later may well succeed) or a unique key that another request wrote first.
/// </summary>
public static class StorageFaults
{
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;
    private const int SqliteIoError = 10;
    private const int SqliteCannotOpen = 14;
    private const int SqliteConstraintUnique = 2067;
    private const int SqliteConstraintPrimaryKey = 1555;

    /// <summary>True when the exception, or one it wraps, says the database could not answer now.</summary>
    public static bool IsTransient(Exception? exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case AggregateException aggregate:
                    return aggregate.InnerExceptions.Any(IsTransient);
                case SqliteException sqlite:
                    if (sqlite.SqliteErrorCode is SqliteBusy or SqliteLocked or SqliteIoError or SqliteCannotOpen)
                    {
                        return true;
                    }

                    break;
                case DbException { IsTransient: true }:
                case TimeoutException:
                    return true;
            }
        }

        return false;
    }

    /// <summary>True when a save failed only because a row with the same unique key exists (another request won a race).</summary>
    public static bool IsUniqueViolation(DbUpdateException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception.InnerException switch
        {
            PostgresException postgres => postgres.SqlState == PostgresErrorCodes.UniqueViolation,
            SqliteException sqlite => sqlite.SqliteExtendedErrorCode is SqliteConstraintUnique or SqliteConstraintPrimaryKey,
            _ => false,
        };
    }
}
