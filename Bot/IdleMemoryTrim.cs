using System.Runtime.InteropServices;
using Microsoft.Extensions.Options;

namespace CoPBot.Bot;

/// <summary>
/// Issue 11 (memory): gives back what a burst of turns left behind once the host goes quiet. Under load the GC keeps
/// its gen0 budget and the regions it freed committed, and glibc keeps freed native memory (SQLite's statements and
/// caches, TLS buffers) in its arenas; nothing returns them while no collection runs, so an idle host stayed at its
/// busy size. When <see cref="IdleTrimRule"/> sees the process go quiet after enough work, one full compacting
/// collection in aggressive mode decommits the free heap, and malloc_trim returns glibc's free pages. The memory is
/// process-wide, so one host in a process does it (several share a process in tests). Off with Bot:TrimWhenIdle=false.
/// </summary>
internal sealed partial class IdleMemoryTrim(TimeProvider clock, IOptions<BotOptions> options, ILogger<IdleMemoryTrim> logger) : BackgroundService
{
    private static int owned;
    private static bool mallocTrimMissing;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.TrimWhenIdle || Interlocked.CompareExchange(ref owned, 1, 0) != 0)
        {
            return;
        }

        var rule = new IdleTrimRule();
        using var timer = new PeriodicTimer(IdleTrimRule.Tick, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                if (rule.ShouldTrim(GC.GetTotalAllocatedBytes()))
                {
                    var before = Environment.WorkingSet;
                    var started = clock.GetTimestamp();
                    Trim();
                    var took = clock.GetElapsedTime(started);
                    rule.Trimmed(GC.GetTotalAllocatedBytes());
                    LogTrimmed(logger, took.TotalMilliseconds, before / 1048576.0, Environment.WorkingSet / 1048576.0);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
        finally
        {
            Volatile.Write(ref owned, 0);
        }
    }

    /// <summary>One full compacting collection that decommits what is free, then glibc's free pages back to the system.</summary>
    internal static void Trim()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        if (!OperatingSystem.IsLinux() || mallocTrimMissing)
        {
            return;
        }

        try
        {
            _ = MallocTrim(0);
        }
        catch (Exception ex) when (ex is EntryPointNotFoundException or DllNotFoundException)
        {
            // Not glibc (musl has no malloc_trim): the GC's part is done, the native heap keeps its free pages.
            mallocTrimMissing = true;
        }
    }

    [DllImport("libc", EntryPoint = "malloc_trim")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int MallocTrim(nuint pad);

    [LoggerMessage(EventId = 4450, Level = LogLevel.Debug, Message = "Quiet after work: memory trimmed in {Milliseconds:F0} ms, working set {BeforeMb:F0} MB -> {AfterMb:F0} MB")]
    private static partial void LogTrimmed(ILogger logger, double milliseconds, double beforeMb, double afterMb);
}

/// <summary>
/// When the process has gone quiet after enough work to be worth a full collection: the first quiet tick after start
/// (start-up's one-time work: migrations, the EF model, the warm-up), then once at least <see cref="Threshold"/> was
/// allocated since the last trim. Quiet is less than <see cref="QuietBytes"/> allocated in one <see cref="Tick"/>, less
/// than one turn (300-450 KB). Under steady load no tick is quiet, so the turns pay nothing; with sparse turns it
/// trims once per <see cref="Threshold"/> of work at most.
/// </summary>
internal sealed class IdleTrimRule
{
    public static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(500);
    public const long Threshold = 16L << 20;
    public const long QuietBytes = 256L << 10;

    private long atTrim = -Threshold;
    private long atTick;

    /// <summary>Called once a tick with the process's allocated bytes so far; true when a trim is due now.</summary>
    public bool ShouldTrim(long allocated)
    {
        var quiet = allocated - atTick < QuietBytes;
        atTick = allocated;
        return quiet && allocated - atTrim >= Threshold;
    }

    /// <summary>A trim ran; the next needs <see cref="Threshold"/> more work.</summary>
    public void Trimmed(long allocated)
    {
        atTrim = allocated;
        atTick = allocated;
    }
}
