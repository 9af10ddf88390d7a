using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Zhiku.Bench.ServerLoad;

/// <summary>
/// The load generator, run as a child process so that the server process's CPU time, allocations and GC pauses
/// are the server's alone. It warms up, prints "ready", waits for a line on standard input, sends a fixed number of
/// requests over a fixed number of connections and prints one JSON line with the latencies' percentiles.
/// </summary>
internal static class LoadClient
{
    /// <summary>Arguments: url key method path bodies-file clients requests warmup.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        string url = args[0], key = args[1], method = args[2], path = args[3];
        string[] bodies = File.ReadAllLines(args[4]);
        int clients = int.Parse(args[5], CultureInfo.InvariantCulture);
        int requests = int.Parse(args[6], CultureInfo.InvariantCulture);
        int warmup = int.Parse(args[7], CultureInfo.InvariantCulture);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            BaseAddress = new Uri(url),
            Timeout = TimeSpan.FromSeconds(120),
        };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);

        await SendAsync(http, method, path, bodies, clients, warmup);
        Console.WriteLine("ready");
        Console.ReadLine();
        var clock = Stopwatch.StartNew();
        (double[] ms, int errors) = await SendAsync(http, method, path, bodies, clients, requests);
        clock.Stop();
        Array.Sort(ms);
        Console.WriteLine(JsonSerializer.Serialize(new ClientResult(ms.Length, errors, clock.Elapsed.TotalSeconds, Percentile(ms, 0.50), Percentile(ms, 0.99))));
        return 0;
    }

    private static async Task<(double[] Ms, int Errors)> SendAsync(HttpClient http, string method, string path, string[] bodies, int clients, int requests)
    {
        var ms = new double[requests];
        int next = -1, errors = 0;
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < requests)
            {
                long start = Stopwatch.GetTimestamp();
                try
                {
                    using var request = new HttpRequestMessage(new HttpMethod(method), path);
                    if (method == "POST")
                    {
                        request.Content = new StringContent(bodies[i % bodies.Length], Encoding.UTF8, "application/json");
                    }

                    using HttpResponseMessage response = await http.SendAsync(request);
                    await response.Content.ReadAsByteArrayAsync();
                    if (!response.IsSuccessStatusCode)
                    {
                        Interlocked.Increment(ref errors);
                    }
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                    Interlocked.Increment(ref errors);
                }

                ms[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }
        }));
        return (ms, errors);
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, Math.Max(0, (int)Math.Ceiling(p * sorted.Length) - 1))];
}

/// <summary>What one client process measured.</summary>
internal sealed record ClientResult(int Requests, int Errors, double Seconds, double P50, double P99);
