using System.Diagnostics;
using System.Globalization;
using System.Net;
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

// Per endpoint: dotnet run -c Release --project bench/ServerLoad -- [--store DIR --kb NAME] [--eval ../shared/eval] [--requests 1000]
//     [--client-counts 1,16] [--kbs 50] [--no-hybrid] [--samples samples]
// Under ingest as well: ... --seconds 30 --clients 32 --ingest-docs 600
if (args.Length > 0 && args[0] == "client")
{
    return await LoadClient.RunAsync(args[1..]);
}

var options = LoadOptions.Parse(args);
string store = options.Store ?? Path.Combine(Path.GetTempPath(), "zhiku-load-" + Guid.NewGuid().ToString("N"));
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
int errors = 0;
try
{
    ServerStore server = app.Services.GetRequiredService<ServerStore>();
    UserInfo admin = await server.Users.CreateAsync("bench" + Guid.NewGuid().ToString("N")[..8], UserRole.Admin, []);
    string key = await server.Users.IssueKeyAsync(admin.Id, revokeOthers: false);
    using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1024 }) { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(600) };
    http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);

    var clock = Stopwatch.StartNew();
    string kb = options.Kb ?? "bench";
    if (options.Kb is null || options.Hybrid)
    {
        // The samples knowledge base: the one searched when no --kb is given, and the hybrid row (its English chunks have vectors).
        if (await CreateAsync(http, "bench"))
        {
            await Uploader.UploadFolderAsync(http, "bench", options.Samples);
        }
    }

    for (int i = 1; i <= options.ListKbs; i++)
    {
        await CreateAsync(http, $"list-{i:D2}");
    }

    Console.WriteLine($"setup in {clock.Elapsed.TotalSeconds:F1} s; working set {Environment.WorkingSet / 1048576} MB; {Environment.ProcessorCount} cores; GC server={System.Runtime.GCSettings.IsServerGC}");

    if (options.IngestDocs == 0)
    {
        (List<string> questions, List<string> english) = Questions(options.Eval);
        string Search(string q) => JsonSerializer.Serialize(new { query = q, top = 10 });
        int n = options.Requests;
        EndpointCase[] cases =
        [
            new("GET /healthz", "GET", "/healthz", [], n * 3),
            new("GET /api/me", "GET", "/api/me", [], n * 3),
            new($"GET /api/kbs ({options.ListKbs + 2} kbs)", "GET", "/api/kbs", [], n),
            new($"search {kb}", "POST", $"/api/kbs/{kb}/search", [.. questions.Select(Search)], n),
            new($"ask {kb}", "POST", $"/api/kbs/{kb}/ask", [.. questions.Select(q => JsonSerializer.Serialize(new { question = q }))], n),
            new($"chat {kb}", "POST", "/v1/chat/completions",
                [.. questions.Select(q => JsonSerializer.Serialize(new { model = "zhiku/" + kb, messages = new[] { new { role = "user", content = q } } }))], n),
            .. options.Hybrid ? new[] { new EndpointCase("hybrid search bench (English)", "POST", "/api/kbs/bench/search", [.. english.Select(Search)], n) } : [],
        ];
        var matrix = new EndpointMatrix(baseUrl, key);
        Console.WriteLine();
        EndpointMatrix.PrintHeader();
        foreach (int clients in options.ClientCounts)
        {
            foreach (EndpointCase endpoint in cases)
            {
                errors += await matrix.RunAsync(endpoint, clients);
            }
        }

        Console.WriteLine();
        Console.WriteLine($"after the run: working set {Environment.WorkingSet / 1048576} MB, GC heap {GC.GetTotalMemory(false) / 1048576} MB");
        return errors == 0 ? 0 : 1;
    }

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
    if (options.Store is null)
    {
        try
        {
            Directory.Delete(store, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

// Creates a knowledge base; false when it is already there (a store reused from an earlier run).
static async Task<bool> CreateAsync(HttpClient http, string name)
{
    using HttpResponseMessage response = await http.PostAsync("/api/kbs", Json(new { name }));
    if (response.StatusCode == HttpStatusCode.Conflict)
    {
        return false;
    }

    response.EnsureSuccessStatusCode();
    return true;
}

// The shared sets' questions (the first 100 of each, Chinese and English), or a few about the samples.
static (List<string> All, List<string> English) Questions(string? eval)
{
    if (eval is null)
    {
        List<string> samples = ["试用期员工可以休年假吗？", "差旅费用报销的期限是多久？", "How many days do I have to submit a travel claim?", "春节放假安排是怎样的？",
            "网关的默认管理地址是什么？", "报销 期限", "加班 审批", "年假 天数"];
        return (samples, ["How many days do I have to submit a travel claim?", "travel expense policy", "hotel limit per night", "meal allowance"]);
    }

    var all = new List<string>();
    var english = new List<string>();
    foreach (string set in new[] { "cmrc2018", "xquad_zh", "xquad_en", "covidqa" })
    {
        foreach (string line in File.ReadLines(Path.Combine(eval, set, "queries.jsonl")).Take(100))
        {
            using var doc = JsonDocument.Parse(line);
            string text = doc.RootElement.GetProperty("text").GetString()!;
            all.Add(text);
            if (set is "xquad_en" or "covidqa")
            {
                english.Add(text);
            }
        }
    }

    // Interleaved so that consecutive requests mix the languages.
    return ([.. all.Select((q, i) => (q, i)).OrderBy(x => (x.i % 100) * 4 + x.i / 100).Select(x => x.q)], english);
}

static StringContent Json(object body) => new(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
