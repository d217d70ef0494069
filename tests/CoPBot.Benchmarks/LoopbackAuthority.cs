using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CoPBot.Bot.Tests.Teams;

namespace CoPBot.Benchmarks;

/// <summary>
/// The tests' local token authority (<see cref="TeamsTestAuthority"/>: keys, metadata document, JWKS) served over
/// real HTTPS on 127.0.0.1 with a throwaway self-signed certificate for its host name. The bot's OpenID HTTP client
/// connects to that port for the host name and trusts exactly that certificate, so the metadata and keys come over
/// the loopback network as they would from the Bot Framework, without touching the machine's trust store or DNS.
/// </summary>
internal sealed class LoopbackAuthority : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly X509Certificate2 certificate;
    private readonly HttpMessageInvoker invoker;

    private LoopbackAuthority(WebApplication app, X509Certificate2 certificate, HttpMessageInvoker invoker, TeamsTestAuthority authority)
    {
        this.app = app;
        this.certificate = certificate;
        this.invoker = invoker;
        Authority = authority;
    }

    public TeamsTestAuthority Authority { get; }

    public int Port { get; private set; }

    public static async Task<LoopbackAuthority> StartAsync(CancellationToken cancellationToken)
    {
        var host = new Uri(TeamsTestAuthority.MetadataUrl).Host;
        var certificate = SelfSigned(host);
        var authority = new TeamsTestAuthority();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(certificate)));
        var app = builder.Build();
        var invoker = new HttpMessageInvoker(authority.Handler);
        app.Run(async context =>
        {
            // The test authority answers by absolute URL; ask it for the URL this request stands for.
            using var request = new HttpRequestMessage(HttpMethod.Get, $"https://{host}{context.Request.Path}");
            using var response = await invoker.SendAsync(request, context.RequestAborted);
            context.Response.StatusCode = (int)response.StatusCode;
            context.Response.ContentType = response.Content.Headers.ContentType?.ToString();
            await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
        });
        await app.StartAsync(cancellationToken);
        var loopback = new LoopbackAuthority(app, certificate, invoker, authority) { Port = BotHost.AddressOf(app).Port };
        return loopback;
    }

    /// <summary>The primary handler for the bot's OpenID client: TCP to the loopback port, TLS pinned to our certificate.</summary>
    public HttpMessageHandler CreateHandler()
    {
        var port = Port;
        var thumbprint = certificate.GetCertHashString(HashAlgorithmName.SHA256);
        return new SocketsHttpHandler
        {
            ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
            SslOptions = { RemoteCertificateValidationCallback = (_, presented, _, _) =>
                presented is not null && string.Equals(presented.GetCertHashString(HashAlgorithmName.SHA256), thumbprint, StringComparison.Ordinal) },
        };
    }

    public async ValueTask DisposeAsync()
    {
        await app.DisposeAsync();
        invoker.Dispose();
        certificate.Dispose();
        Authority.Dispose();
    }

    private static X509Certificate2 SelfSigned(string host)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={host}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(host);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));

        // Through PKCS#12 so the private key is usable by the TLS stack on every platform.
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
    }
}
