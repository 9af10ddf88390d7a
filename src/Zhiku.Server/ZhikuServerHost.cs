using Zhiku.Server.Hosting;
using Zhiku.Server.Services;

namespace Zhiku.Server;

/// <summary>Builds and runs the Zhiku server (used by <c>zhiku serve</c>, by Program and by tests).</summary>
public static class ZhikuServerHost
{
    /// <summary>Builds the application. <paramref name="configure"/> can set URLs or settings before services are built.</summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        WebApplicationBuilder builder = WebApplication.CreateBuilder(args);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Hosting", LogLevel.Warning);
        builder.Logging.AddFilter("ModelContextProtocol", LogLevel.Warning);
        // Keys are kept unencrypted in the store folder (protected like the database itself); do not warn about it.
        builder.Logging.AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Error);
        configure?.Invoke(builder);
        builder.Services.AddZhikuServer(builder.Configuration);
        WebApplication app = builder.Build();
        app.UseZhikuServer();
        return app;
    }

    /// <summary>Builds and runs until shutdown.</summary>
    public static async Task RunAsync(string[] args, CancellationToken cancellationToken = default)
    {
        await using WebApplication app = Build(args);
        await PrintFirstStartHintAsync(app, cancellationToken).ConfigureAwait(false);
        await app.RunAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Explains how to create the first admin when the store has no users (there is no default password).</summary>
    public static async Task PrintFirstStartHintAsync(WebApplication app, CancellationToken cancellationToken = default)
    {
        ServerStore store = app.Services.GetRequiredService<ServerStore>();
        if (await store.Users.CountAsync(cancellationToken).ConfigureAwait(false) == 0)
        {
            Console.WriteLine($"""
                No users yet. Create the first admin (prints an API key, shown once):
                  zhiku user add NAME --role admin --store {store.Store.Layout.Root}
                then set a password for the web UI with `zhiku user password NAME`, or sign in with the API key.
                还没有用户。请先创建管理员：zhiku user add NAME --role admin（会打印仅显示一次的 API key）。
                """);
        }
    }
}
