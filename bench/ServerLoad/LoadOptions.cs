using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Zhiku.Bench.ServerLoad;

/// <summary>Command-line options of the load benchmark.</summary>
internal sealed record LoadOptions(int Seconds, int Clients, int IngestDocs, string Samples)
{
    public static LoadOptions Parse(string[] args)
    {
        string Value(string name, string fallback)
        {
            int i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        }

        return new LoadOptions(
            int.Parse(Value("--seconds", "20"), CultureInfo.InvariantCulture),
            int.Parse(Value("--clients", "32"), CultureInfo.InvariantCulture),
            int.Parse(Value("--ingest-docs", "400"), CultureInfo.InvariantCulture),
            Path.GetFullPath(Value("--samples", "samples")));
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
