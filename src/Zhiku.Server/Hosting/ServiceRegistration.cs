using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Zhiku.Core.Answering.Json;
using Zhiku.Server.Auth;
using Zhiku.Server.Jobs;
using Zhiku.Server.Mcp;
using Zhiku.Server.Services;

namespace Zhiku.Server.Hosting;

/// <summary>Registers the server's services: store, knowledge base registry, jobs, auth, limits, OpenAPI, MCP.</summary>
public static class ServiceRegistration
{
    public static IServiceCollection AddZhikuServer(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ServerOptions>().Bind(configuration.GetSection(ServerOptions.Section))
            .Validate(o => o.JobLeaseTimeout >= TimeSpan.FromSeconds(1),
                "Zhiku:JobLeaseTimeout must be at least 00:00:01 (e.g. Zhiku__JobLeaseTimeout=00:01:00) / Zhiku:JobLeaseTimeout 至少为 1 秒")
            .ValidateOnStart();
        services.Configure<JsonOptions>(o => AnswerJson.Configure(o.SerializerOptions));
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddProblemDetails(o => o.CustomizeProblemDetails = StatusProblems.Describe);
        services.AddExceptionHandler<ProblemExceptionHandler>();
        services.AddHttpContextAccessor();

        // Embedding models are loaded once per process and settings, shared by every knowledge base (disposed at shutdown).
        services.AddSingleton(sp => new Zhiku.Core.Indexing.Embeddings.EmbeddingGenerators(sp.GetRequiredService<ILoggerFactory>()));
        // So are rerankers, one per model folder.
        services.AddSingleton(sp => new Zhiku.Core.Indexing.Reranking.CrossEncoders(sp.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton<ServerStore>();
        Microsoft.Extensions.DependencyInjection.Extensions.ServiceCollectionDescriptorExtensions.TryAddSingleton(services, TimeProvider.System);
        services.AddSingleton<SignInThrottle>();
        services.AddSingleton<KnowledgeBaseRegistry>();
        services.AddSingleton<KnowledgeBaseGate>();
        // Model clients and their HTTP pipeline are built once per process (rebuilt when zhiku.json changes a provider).
        services.AddSingleton(_ => new Zhiku.Core.Answering.Clients.ModelClients());
        services.AddSingleton(sp => new Zhiku.Core.Answering.AnsweringPath(
            sp.GetRequiredService<Zhiku.Core.Answering.Clients.ModelClients>(), sp.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton<AnswerService>();
        services.AddSingleton<JobQueue>();
        // Chunk vectors are computed after each ingest job, off the request path (bounded queue, retries with backoff);
        // search stays keyword-only for a knowledge base until its vectors are complete.
        services.AddSingleton(sp => new Zhiku.Core.Indexing.Hybrid.BackgroundVectorUpdater(sp.GetRequiredService<ILoggerFactory>().CreateLogger("Zhiku.Vectors")));
        // Uploaded files are parsed in a worker process (the zhiku binary), so a hostile file cannot take the server down.
        services.AddSingleton<Zhiku.Core.Ingestion.IFileParser>(sp =>
        {
            ServerOptions server = sp.GetRequiredService<IOptions<ServerOptions>>().Value;
            return new Zhiku.Core.Ingestion.Isolation.IsolatedFileParser(
                Zhiku.Core.Ingestion.Isolation.ParserWorkerCommand.Resolve(server.ParserWorker),
                new Zhiku.Core.Ingestion.Isolation.ParserWorkerLimits
                {
                    HeapBytes = server.ParseMemoryMb * 1024L * 1024,
                    ResidentBytes = server.ParseMemoryMb * 1024L * 1024 * 3 / 2,
                    WallTime = server.ParseTimeLimit,
                    CpuTime = server.ParseCpuLimit,
                    MaxFileBytes = server.MaxFileBytes,
                    Ocr = Zhiku.Core.Documents.Ocr.OcrOptions.ForStore(server.ResolveStore()),
                });
        });
        services.AddHostedService<IngestionWorker>();

        // Sign-in cookies stay valid across restarts: the data protection keys live in the store folder, or, with
        // PostgreSQL, in the database, so a cookie or antiforgery token issued by one node is read by every node.
        services.AddDataProtection().SetApplicationName("zhiku");
        services.AddOptions<KeyManagementOptions>()
            .Configure<ServerStore, ILoggerFactory>((o, store, logs) =>
                o.XmlRepository = store.Store.Engine.SharedKeys is { } shared
                    ? new SharedKeyXmlRepository(shared)
                    : new FileSystemXmlRepository(new DirectoryInfo(Path.Combine(store.Store.Layout.Root, "keys")), logs));
        AddAuth(services);
        AddRateLimits(services);
        services.AddCors();
        services.AddOpenApi(o => o.AddDocumentTransformer<BearerSecurityTransformer>());
        services.AddMcpServer(o => o.ServerInfo = new() { Name = "zhiku", Version = "1.0" })
            .WithHttpTransport(o => o.Stateless = true)
            .WithTools<ZhikuMcpTools>(AnswerJson.Options);
        return services;
    }

    private static void AddAuth(IServiceCollection services)
    {
        services.AddAuthentication(AuthSchemes.Default)
            .AddPolicyScheme(AuthSchemes.Default, "API key or cookie", o => o.ForwardDefaultSelector = context =>
                context.Request.Headers.Authorization.Count > 0 ? AuthSchemes.ApiKey : AuthSchemes.Cookie)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(AuthSchemes.ApiKey, null)
            .AddCookie(AuthSchemes.Cookie, o =>
            {
                o.Cookie.Name = AuthSchemes.CookieName;
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.SlidingExpiration = true;
                o.Events = new CookieAuthenticationEvents
                {
                    OnRedirectToLogin = c => ApiProblems.WriteAsync(c.HttpContext, ApiProblems.Unauthorized()),
                    OnRedirectToAccessDenied = c => ApiProblems.WriteAsync(c.HttpContext, ApiProblems.Forbidden("this action")),
                    OnValidatePrincipal = async c =>
                    {
                        // The server-side session is checked on every request: sign-out, a password change, key
                        // rotation and disabling the user end the cookie at once.
                        if (await UserPrincipal.LoadAsync(c.HttpContext, c.Principal).ConfigureAwait(false) is null)
                        {
                            c.RejectPrincipal();
                            await c.HttpContext.SignOutAsync(AuthSchemes.Cookie).ConfigureAwait(false);
                        }
                    },
                };
            });
        services.AddOptions<CookieAuthenticationOptions>(AuthSchemes.Cookie)
            .Configure<IOptions<ServerOptions>>((cookie, server) => cookie.ExpireTimeSpan = server.Value.SessionLifetime);
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder(AuthSchemes.Default).RequireAuthenticatedUser().Build());
    }

    private static void AddRateLimits(IServiceCollection services)
    {
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = async (context, cancellationToken) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = "60";
                await ApiProblems.WriteAsync(context.HttpContext, ApiProblems.Create(429, "rate_limited",
                    "too many requests from this user or address; wait a minute and retry / 请求过于频繁，请稍后再试")).ConfigureAwait(false);
            };
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                int permits = context.RequestServices.GetRequiredService<IOptions<ServerOptions>>().Value.RateLimitPerMinute;
                if (permits <= 0)
                {
                    return RateLimitPartition.GetNoLimiter("off");
                }

                // Per authenticated user (however the key is spelled, with however many keys or cookies), else per
                // client address: a header that does not authenticate never opens a fresh budget.
                string who = UserPrincipal.Current(context) is { } user
                    ? "user:" + user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)
                    : "ip:" + context.Connection.RemoteIpAddress;
                return RateLimitPartition.GetFixedWindowLimiter(who, _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = permits,
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                });
            });
        });
    }
}
