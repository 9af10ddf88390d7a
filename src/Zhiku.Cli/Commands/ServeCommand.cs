using System.CommandLine;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Hosting;
using Zhiku.Server;

namespace Zhiku.Cli.Commands;

/// <summary>`zhiku serve [--urls URLS] [--store DIR]`: the HTTP API, OpenAI-compatible endpoint, MCP tools and web chat.</summary>
internal static class ServeCommand
{
    public const string DefaultUrls = "http://127.0.0.1:8080";

    public static Command Create()
    {
        var urls = new Option<string>("--urls")
        {
            Description = "Addresses to listen on, ';'-separated / 监听地址",
            DefaultValueFactory = _ => DefaultUrls,
        };
        var command = new Command("serve", "Run the server: API, OpenAI-compatible /v1, MCP, web chat / 启动服务") { urls };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            string store = CliOptions.ResolveStore(parseResult);
            string listen = parseResult.GetValue(urls) ?? DefaultUrls;
            await using var app = ZhikuServerHost.Build([], builder =>
            {
                builder.WebHost.UseUrls(listen.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
                builder.Configuration["Zhiku:Store"] = store;
            });
            ZhikuServerHost.PrintFirstStartHint(app);
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            Console.WriteLine($"Zhiku is listening on {listen} (web chat at /, API reference at /docs, store {store}). Ctrl-C stops. / 服务已启动");
            await app.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
            return CliApp.Ok;
        });
        return command;
    }
}
