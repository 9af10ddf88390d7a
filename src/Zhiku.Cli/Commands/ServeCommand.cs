using System.CommandLine;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Zhiku.Core;
using Zhiku.Server;

namespace Zhiku.Cli.Commands;

/// <summary>`zhiku serve [--urls URLS] [--store DIR] [--database URL]`: the HTTP API, OpenAI-compatible endpoint, MCP tools and web chat.
/// A malformed URL or a port in use is one line and exit code 1; only the interfaces the URLs name are bound.</summary>
internal static class ServeCommand
{
    public const string DefaultUrls = "http://127.0.0.1:8080";

    public static Command Create()
    {
        var urls = new Option<string>("--urls")
        {
            Description = "Addresses to listen on, ';'-separated; IP addresses or localhost (0.0.0.0 / [::] for all interfaces) / 监听地址",
            DefaultValueFactory = _ => DefaultUrls,
        };
        var command = new Command("serve", "Run the server: API, OpenAI-compatible /v1, MCP, web chat / 启动服务") { urls };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            string store = CliOptions.ResolveStore(parseResult);
            // Parsed here so a bad --database is one line naming the option; the server reads the same value.
            Zhiku.Core.Storage.Postgres.DatabaseUrl? database = CliOptions.ResolveDatabase(parseResult);
            IReadOnlyList<string> listen = ListenUrls.Parse(parseResult.GetValue(urls) ?? DefaultUrls);
            bool started = false;
            WebApplication built;
            try
            {
                built = ZhikuServerHost.Build([], builder =>
                {
                    builder.WebHost.UseUrls([.. listen]);
                    builder.Configuration["Zhiku:Store"] = store;
                    if (parseResult.GetValue(CliOptions.Database) is { } option)
                    {
                        builder.Configuration["Zhiku:Database"] = option;
                    }

                    // A failed bind is reported below in one line; Kestrel's and the host's own logs of it are a page of stack trace.
                    bool Shown(LogLevel level) => level >= LogLevel.Warning && (started || level < LogLevel.Error);
                    builder.Logging.AddFilter("Microsoft.AspNetCore.Server.Kestrel", Shown);
                    builder.Logging.AddFilter("Microsoft.Extensions.Hosting", Shown);
                });
            }
            catch (ZhikuException ex) when (database is not null && ex.Kind == ErrorKind.Unavailable)
            {
                // The store is opened while the services are built: name the option that pointed at the server.
                throw StoreSession.Flagged(database.Subject, ex);
            }

            await using WebApplication app = built;
            await ZhikuServerHost.PrintFirstStartHintAsync(app, cancellationToken).ConfigureAwait(false);
            try
            {
                await app.StartAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or Microsoft.AspNetCore.Connections.AddressInUseException)
            {
                throw ZhikuException.Unavailable(
                    $"--urls: cannot listen: {ex.Message.TrimEnd('.')}; choose another port or stop the program using it / 无法监听（端口被占用或地址不可用），请换一个端口");
            }

            started = true;
            Console.WriteLine($"Zhiku is listening on {string.Join(", ", app.Urls)} (web chat at /, API reference at /docs, store {store}{(database is null ? "" : $", database {database}")}). Ctrl-C stops. / 服务已启动");
            await app.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
            return CliApp.Ok;
        });
        return command;
    }
}
