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
/// A bot in a process of its own (turn-rate) reaches it as https://localhost:&lt;port&gt; instead, trusting the certificate
/// through OpenSSL's own trust-store variables (<see cref="TrustEnvironment"/>); the metadata names the keys at the
/// address it was asked on, and the login endpoint hands out connector tokens for the bot's client credentials.
/// </summary>
internal sealed class LoopbackAuthority : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly X509Certificate2 certificate;
    private readonly HttpMessageInvoker invoker;
    private int tokensIssued;

    private LoopbackAuthority(WebApplication app, X509Certificate2 certificate, HttpMessageInvoker invoker, TeamsTestAuthority authority)
    {
        this.app = app;
        this.certificate = certificate;
        this.invoker = invoker;
        Authority = authority;
    }

    public TeamsTestAuthority Authority { get; }

    public int Port { get; private set; }

    /// <summary>The metadata document as a bot in another process reaches it.</summary>
    public string PublicMetadataUrl => $"https://localhost:{Port}{new Uri(TeamsTestAuthority.MetadataUrl).AbsolutePath}";

    /// <summary>The login authority (Teams:LoginAuthority) as a bot in another process reaches it.</summary>
    public string PublicLoginAuthority => $"https://localhost:{Port}/{{tenant}}";

    /// <summary>Connector tokens handed out at the login endpoint.</summary>
    public int TokensIssued => tokensIssued;

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
        LoopbackAuthority? loopback = null;
        app.Run(async context =>
        {
            if (HttpMethods.IsPost(context.Request.Method) && context.Request.Path.Value?.EndsWith("/oauth2/v2.0/token", StringComparison.Ordinal) == true)
            {
                // The bot's own client-credentials login (MSAL): any secret will do, the fake connector reads no token.
                Interlocked.Increment(ref loopback!.tokensIssued);
                await context.Response.WriteAsJsonAsync(new { token_type = "Bearer", expires_in = 3600, ext_expires_in = 3600, access_token = "bench-connector-token" }, context.RequestAborted);
                return;
            }

            // The test authority answers by absolute URL; ask it for the URL this request stands for, and name the
            // keys at the address this request came to.
            using var request = new HttpRequestMessage(HttpMethod.Get, $"https://{host}{context.Request.Path}");
            using var response = await invoker.SendAsync(request, context.RequestAborted);
            var body = await response.Content.ReadAsStringAsync(context.RequestAborted);
            context.Response.StatusCode = (int)response.StatusCode;
            context.Response.ContentType = response.Content.Headers.ContentType?.ToString();
            await context.Response.WriteAsync(body.Replace($"https://{host}/", $"https://{context.Request.Host}/", StringComparison.Ordinal), context.RequestAborted);
        });
        await app.StartAsync(cancellationToken);
        loopback = new LoopbackAuthority(app, certificate, invoker, authority) { Port = BotHost.AddressOf(app).Port };
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

    /// <summary>
    /// Environment for a process that must trust this authority and nothing else: OpenSSL's trust-store variables
    /// (which .NET on Linux reads) pointed at a file holding only this certificate and an empty folder.
    /// </summary>
    public IReadOnlyDictionary<string, string> TrustEnvironment(string folder)
    {
        Directory.CreateDirectory(Path.Combine(folder, "certs"));
        var file = Path.Combine(folder, "loopback-authority.pem");
        File.WriteAllText(file, certificate.ExportCertificatePem());
        return new Dictionary<string, string> { ["SSL_CERT_FILE"] = file, ["SSL_CERT_DIR"] = Path.Combine(folder, "certs") };
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
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));

        // Through PKCS#12 so the private key is usable by the TLS stack on every platform.
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
    }
}
