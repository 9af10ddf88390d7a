using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text.Json;

namespace Zhiku.Bench.ServerLoad;

/// <summary>One endpoint to load: a method, a path and the request bodies it cycles through.</summary>
internal sealed record EndpointCase(string Name, string Method, string Path, IReadOnlyList<string> Bodies, int Requests);

/// <summary>
/// Loads each endpoint with a child client process for a fixed request count and reports, beside the client's
/// throughput and latencies, what the server (this process) spent: CPU time, allocated bytes and GC pause time per
/// request, and the thread pool's threads and queue sampled every 20 ms.
/// </summary>
internal sealed class EndpointMatrix(string baseUrl, string key)
{
    public static void PrintHeader()
    {
        Console.WriteLine("| endpoint | clients | requests | throughput (req/s) | p50 (ms) | p99 (ms) | server CPU ms/request | allocated KB/request | GC pause share | pool threads start → max | max queue | working set MB | errors |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    }

    public async Task<int> RunAsync(EndpointCase endpoint, int clients)
    {
        string bodies = Path.GetTempFileName();
        await File.WriteAllLinesAsync(bodies, endpoint.Bodies.Count == 0 ? [""] : endpoint.Bodies);
        try
        {
            using Process client = StartClient(endpoint, clients, bodies);
            string? ready = await client.StandardOutput.ReadLineAsync();
            if (ready != "ready")
            {
                throw new InvalidOperationException($"client for {endpoint.Name} did not start: {ready} {await client.StandardError.ReadToEndAsync()}");
            }

            GC.Collect();
            GC.WaitForPendingFinalizers();
            int threadsAtStart = ThreadPool.ThreadCount, maxThreads = threadsAtStart;
            long maxQueue = 0;
            using var sampling = new CancellationTokenSource();
            Task sampler = Task.Run(async () =>
            {
                using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(20));
                while (await timer.WaitForNextTickAsync(sampling.Token).ConfigureAwait(false))
                {
                    maxThreads = Math.Max(maxThreads, ThreadPool.ThreadCount);
                    maxQueue = Math.Max(maxQueue, ThreadPool.PendingWorkItemCount);
                }
            }, CancellationToken.None);

            TimeSpan cpu0 = Environment.CpuUsage.TotalTime, pause0 = GC.GetTotalPauseDuration();
            long allocated0 = GC.GetTotalAllocatedBytes(precise: true);
            var clock = Stopwatch.StartNew();
            await client.StandardInput.WriteLineAsync();
            await client.StandardInput.FlushAsync();
            string? line = await client.StandardOutput.ReadLineAsync();
            clock.Stop();
            TimeSpan cpu = Environment.CpuUsage.TotalTime - cpu0, pause = GC.GetTotalPauseDuration() - pause0;
            long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated0;
            await sampling.CancelAsync();
            try
            {
                await sampler;
            }
            catch (OperationCanceledException)
            {
            }

            await client.WaitForExitAsync();
            ClientResult result = JsonSerializer.Deserialize<ClientResult>(line ?? throw new InvalidOperationException($"client for {endpoint.Name} printed nothing: {await client.StandardError.ReadToEndAsync()}"))!;
            int n = Math.Max(1, result.Requests);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {endpoint.Name} | {clients} | {result.Requests} | {result.Requests / result.Seconds:F0} | {result.P50:F2} | {result.P99:F2} | " +
                $"{cpu.TotalMilliseconds / n:F3} | {allocated / 1024.0 / n:F1} | {pause / clock.Elapsed:P1} | {threadsAtStart} → {maxThreads} | {maxQueue} | " +
                $"{Environment.WorkingSet / 1048576} | {result.Errors} |"));
            return result.Errors;
        }
        finally
        {
            File.Delete(bodies);
        }
    }

    private Process StartClient(EndpointCase endpoint, int clients, string bodies)
    {
        string self = Environment.ProcessPath!;
        var start = new ProcessStartInfo(self) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            start.ArgumentList.Add(Assembly.GetEntryAssembly()!.Location);
        }

        foreach (string arg in new[] { "client", baseUrl, key, endpoint.Method, endpoint.Path, bodies, clients.ToString(CultureInfo.InvariantCulture),
            endpoint.Requests.ToString(CultureInfo.InvariantCulture), Math.Min(200, Math.Max(20, endpoint.Requests / 10)).ToString(CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(arg);
        }

        return Process.Start(start) ?? throw new InvalidOperationException("could not start the client process");
    }
}
