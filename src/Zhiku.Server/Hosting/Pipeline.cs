using Microsoft.Extensions.Options;
using Zhiku.Server.Endpoints;
using Zhiku.Server.Services;

namespace Zhiku.Server.Hosting;

/// <summary>The middleware order and the endpoint map.</summary>
public static class Pipeline
{
    public static WebApplication UseZhikuServer(this WebApplication app)
    {
        ServerOptions options = app.Services.GetRequiredService<IOptions<ServerOptions>>().Value;
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseRouting();
        if (options.CorsOrigins.Length > 0)
        {
            // Off unless origins are configured: the web UI is served from the same origin and needs none.
            app.UseCors(p => p.WithOrigins(options.CorsOrigins).AllowAnyHeader().AllowAnyMethod());
        }

        app.UseAuthentication();
        app.UseMiddleware<SameOriginMiddleware>();
        app.UseRateLimiter();
        app.UseAuthorization();
        app.UseMiddleware<BodySizeLimitMiddleware>();

        app.MapGet("/healthz", () => TypedResults.Ok(new { status = "ok" })).AllowAnonymous().DisableRateLimiting().WithTags("Health");
        app.MapUserApi();
        app.MapKnowledgeBaseApi();
        app.MapDocumentApi();
        app.MapSearchApi();
        app.MapJobApi();
        app.MapChatApi();
        app.MapFeedbackApi();
        app.MapOpenAiApi();
        app.MapMcp("/mcp");
        app.MapOpenApi();
        app.MapApiReference();
        app.MapWebUi();

        // Open the store and validate its zhiku.json now, so a bad --store or a bad setting fails at start (one line
        // naming the key and the fix) and not on the first request.
        ServerStore store = app.Services.GetRequiredService<ServerStore>();
        _ = store.Store.Configuration.FromFile;
        return app;
    }
}
