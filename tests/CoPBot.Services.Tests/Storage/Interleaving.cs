using System.Collections.Concurrent;
using System.Data.Common;
using CoPBot.Services.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace CoPBot.Services.Tests.Storage;

/// <summary>
/// Interleaves two requests deterministically: each runs as a named actor (<see cref="As"/>); an actor can be held
/// when it is about to save (<see cref="HoldSave"/>), and another's first transaction is observable
/// (<see cref="TransactionStarted"/>), which is where it would wait on a lock the held one owns.
/// </summary>
internal sealed class Interleaving
{
    private static readonly AsyncLocal<string?> Actor = new();

    private readonly ConcurrentDictionary<string, (TaskCompletionSource Reached, TaskCompletionSource Release)> _holds = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _transactions = new();

    /// <summary>Adds the interceptors to both providers' contexts (pass to TestWorld.CreateAsync).</summary>
    public void Register(IServiceCollection services)
    {
        var interceptors = new IInterceptor[] { new SaveHold(this), new TransactionWatch(this) };
        services.ConfigureDbContext<SqliteCoPBotDbContext>(o => o.AddInterceptors(interceptors));
        services.ConfigureDbContext<PostgresCoPBotDbContext>(o => o.AddInterceptors(interceptors));
    }

    /// <summary>Runs <paramref name="work"/> on the thread pool as <paramref name="actor"/>.</summary>
    public static Task<T> As<T>(string actor, Func<Task<T>> work) => Task.Run(async () =>
    {
        Actor.Value = actor;
        return await work();
    });

    /// <summary>Holds <paramref name="actor"/>'s first save until released; <c>Reached</c> completes when it waits there.</summary>
    public (Task Reached, Action Release) HoldSave(string actor)
    {
        var hold = _holds.GetOrAdd(actor, _ => (New(), New()));
        return (hold.Reached.Task, () => hold.Release.TrySetResult());
    }

    /// <summary>Completes when <paramref name="actor"/> begins its first transaction.</summary>
    public Task TransactionStarted(string actor) => _transactions.GetOrAdd(actor, _ => New()).Task;

    private static TaskCompletionSource New() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private sealed class SaveHold(Interleaving owner) : SaveChangesInterceptor
    {
        public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            if (Actor.Value is { } actor && owner._holds.TryGetValue(actor, out var hold) && hold.Reached.TrySetResult())
            {
                await hold.Release.Task.WaitAsync(cancellationToken);
            }

            return result;
        }
    }

    private sealed class TransactionWatch(Interleaving owner) : DbTransactionInterceptor
    {
        public override ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default)
        {
            if (Actor.Value is { } actor)
            {
                owner._transactions.GetOrAdd(actor, _ => New()).TrySetResult();
            }

            return ValueTask.FromResult(result);
        }
    }
}
