using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Zhiku.Bench.ServerLoad;

/// <summary>Command-line options of the load benchmark.</summary>
internal sealed record LoadOptions(int Seconds, int Clients, int IngestDocs, string Samples, string? Store, string? Kb, string? Eval,
    int Requests, int[] ClientCounts, int ListKbs, bool Hybrid)
{
    public static LoadOptions Parse(string[] args)
    {
        string? Value(string name, string? fallback)
        {
            int i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        }

        int Number(string name, string fallback) => int.Parse(Value(name, fallback)!, CultureInfo.InvariantCulture);

        return new LoadOptions(
            Number("--seconds", "20"),
            Number("--clients", "32"),
            Number("--ingest-docs", "0"),
            Path.GetFullPath(Value("--samples", "samples")!),
            Value("--store", null) is { } store ? Path.GetFullPath(store) : null,
            Value("--kb", null),
            Value("--eval", null) is { } eval ? Path.GetFullPath(eval) : null,
            Number("--requests", "1000"),
            [.. Value("--client-counts", "1,16")!.Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture))],
            Number("--kbs", "50"),
            !args.Contains("--no-hybrid"));
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
