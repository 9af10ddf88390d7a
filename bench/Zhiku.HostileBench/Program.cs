using System.Globalization;

namespace Zhiku.HostileBench;

/// <summary>
/// zhiku-hostile suite [--out DIR]     every generated hostile file through the parser worker, one table row each
/// zhiku-hostile fuzz [--seconds N]    CsCheck-generated inputs for every parser through one worker, N seconds
/// zhiku-hostile overhead [--rounds N] per-file cost of the worker against in-process parsing on the samples
/// zhiku-hostile kill [--trials N]     kill `zhiku ingest` (and its worker) at random points, check the store each time
/// </summary>
internal static class HostileBenchProgram
{
    public static async Task<int> Main(string[] args)
    {
        string mode = args.Length > 0 ? args[0] : "suite";
        int Option(string name, int fallback) =>
            Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
        string? Text(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;

        return mode switch
        {
            "suite" => await HostileSuite.RunAsync(Text("--out")),
            "fuzz" => FuzzRun.Run(Option("--seconds", 60)),
            "overhead" => await OverheadRun.RunAsync(Option("--rounds", 20)),
            "kill" => await KillTrials.RunAsync(Option("--trials", 20)),
            _ => Usage(),
        };
    }

    private static int Usage()
    {
        Console.Error.WriteLine("usage: zhiku-hostile suite [--out DIR] | fuzz [--seconds N] | overhead [--rounds N] | kill [--trials N]");
        return 1;
    }
}
