using System.Globalization;
using System.Net.Sockets;
using System.Text;

/// <summary>
/// Loaded into the published bot by the turn-rate benchmark alone (DOTNET_STARTUP_HOOKS names this assembly; the
/// bot knows nothing of it): answers every connection on the Unix socket named by COPBOT_BENCH_PROBE with the
/// bytes the process has allocated so far, so the benchmark can give allocated bytes per turn from outside.
/// The runtime finds a startup hook by this name in no namespace.
/// </summary>
#pragma warning disable CA1050 // The runtime requires a type named StartupHook in the global namespace.
public static class StartupHook
#pragma warning restore CA1050
{
    public const string Variable = "COPBOT_BENCH_PROBE";

    public static void Initialize()
    {
        var path = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrEmpty(path))
        {
            return;
        }

        new Thread(() => Serve(path)) { IsBackground = true, Name = "CoPBot bench allocation probe" }.Start();
    }

    /// <summary>The allocated bytes the probe at <paramref name="path"/> reports.</summary>
    public static long Read(string path)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Connect(new UnixDomainSocketEndPoint(path));
        var buffer = new byte[64];
        var length = 0;
        int read;
        while ((read = socket.Receive(buffer, length, buffer.Length - length, SocketFlags.None)) > 0)
        {
            length += read;
        }

        return long.Parse(Encoding.ASCII.GetString(buffer, 0, length).Trim(), CultureInfo.InvariantCulture);
    }

    private static void Serve(string path)
    {
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(path));
        listener.Listen(4);
        while (true)
        {
            using var client = listener.Accept();
            client.Send(Encoding.ASCII.GetBytes(GC.GetTotalAllocatedBytes(precise: true).ToString(CultureInfo.InvariantCulture)));
        }
    }
}
