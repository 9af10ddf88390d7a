using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Zhiku.Bench.ServerLoad;
using Zhiku.Core.Access;
using Zhiku.Server;
using Zhiku.Server.Services;

// dotnet run -c Release --project bench/ServerLoad -- [--seconds 20] [--clients 32] [--ingest-docs 400] [--samples samples]
var options = LoadOptions.Parse(args);
string store = Path.Combine(Path.GetTempPath(), "zhiku-load-" + Guid.NewGuid().ToString("N"));
int port = LoadOptions.FreePort();
string baseUrl = $"http://127.0.0.1:{port}";
WebApplication app = ZhikuServerHost.Build([], builder =>
{
    builder.WebHost.UseUrls(baseUrl);
    builder.Configuration["Zhiku:Store"] = store;
    builder.Configuration["Zhiku:RateLimitPerMinute"] = "0";
    builder.Logging.SetMinimumLevel(LogLevel.Warning);
});
await app.StartAsync();
try
{
    ServerStore server = app.Services.GetRequiredService<ServerStore>();
    UserInfo admin = await server.Users.CreateAsync("bench", UserRole.Admin, []);
    string key = await server.Users.IssueKeyAsync(admin.Id, revokeOthers: false);
    using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1024 }) { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(60) };
    http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);

    (await http.PostAsync("/api/kbs", Json(new { name = "bench" }))).EnsureSuccessStatusCode();
    var clock = Stopwatch.StartNew();
    await Uploader.UploadFolderAsync(http, "bench", options.Samples);
    Console.WriteLine($"setup: samples ingested in {clock.Elapsed.TotalSeconds:F1} s");

    var load = new LoadRunner(http, options.Clients);
    Report idle = await load.RunAsync(TimeSpan.FromSeconds(options.Seconds), CancellationToken.None);

    using var ingestStop = new CancellationTokenSource();
    var ingestClock = Stopwatch.StartNew();
    Task<(int Docs, long Bytes)> ingest = Uploader.UploadGeneratedAsync(http, "bench", options.IngestDocs, ingestStop.Token);
    Report busy = await load.RunAsync(TimeSpan.FromSeconds(options.Seconds), CancellationToken.None);
    bool ingestStillRunning = !ingest.IsCompleted;
    (int docs, long bytes) = await ingest;
    ingestClock.Stop();

    Console.WriteLine();
    Console.WriteLine($"Server load: {options.Clients} clients, {options.Seconds} s per phase, loopback, {Environment.ProcessorCount} cores, extractive answers");
    Console.WriteLine();
    Console.WriteLine("| phase | endpoint | requests | throughput (req/s) | p50 (ms) | p99 (ms) | errors |");
    Console.WriteLine("|---|---|---:|---:|---:|---:|---:|");
    idle.Print("idle");
    busy.Print("during ingest");
    Console.WriteLine();
    Console.WriteLine($"ingest: {docs} generated documents ({bytes / 1048576.0:F1} MB) in {ingestClock.Elapsed.TotalSeconds:F1} s " +
        $"({bytes / 1048576.0 / ingestClock.Elapsed.TotalSeconds:F2} MB/s); still running when the load phase ended: {ingestStillRunning}");
    return idle.Errors + busy.Errors == 0 ? 0 : 1;
}
finally
{
    await app.StopAsync();
    await app.DisposeAsync();
    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    try
    {
        Directory.Delete(store, recursive: true);
    }
    catch (IOException)
    {
    }
}

static StringContent Json(object body) => new(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
