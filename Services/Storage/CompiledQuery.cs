using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore.Metadata;

namespace CoPBot.Services.Storage;

/// <summary>
/// A query that runs on every turn, compiled once by EF instead of having its expression tree walked, its parameters
/// extracted and its cache key hashed on each call (about a tenth of an RSVP's CPU, issue 11). EF refuses a compiled
/// query on a model other than the one it was compiled for, and each provider (and, in tests, each host) has its own
/// model, so one is kept per model.
/// </summary>
/// <typeparam name="TQuery">The delegate <c>EF.CompileAsyncQuery</c> returns.</typeparam>
internal sealed class CompiledQuery<TQuery>(Func<TQuery> compile)
    where TQuery : class
{
    private readonly ConditionalWeakTable<IModel, TQuery> _byModel = [];

    /// <summary>The query compiled for <paramref name="db"/>'s model.</summary>
    public TQuery For(CoPBotDbContext db) =>
        _byModel.TryGetValue(db.Model, out var query) ? query : _byModel.GetValue(db.Model, _ => compile());
}
