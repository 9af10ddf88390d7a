using System.Reflection;

namespace Zhiku.Core.Ingestion.Isolation;

/// <summary>
/// How to start a parser worker: the <c>zhiku</c> binary with the hidden <see cref="Verb"/> subcommand.
/// </summary>
/// <param name="FileName">The program to run (the zhiku apphost, or the dotnet host).</param>
/// <param name="Arguments">Its arguments, ending with <see cref="Verb"/>.</param>
public sealed record ParserWorkerCommand(string FileName, IReadOnlyList<string> Arguments)
{
    /// <summary>The hidden subcommand that turns <c>zhiku</c> into a parser worker.</summary>
    public const string Verb = "__parse-worker";

    /// <summary>The environment variable naming the zhiku binary (apphost or zhiku.dll) to use as the worker.</summary>
    public const string EnvironmentVariable = "ZHIKU_PARSER_WORKER";

    private const string AssemblyName = "zhiku";

    /// <summary>
    /// Finds the worker: <paramref name="configured"/> or $ZHIKU_PARSER_WORKER when set; else this process itself
    /// when it is <c>zhiku</c> (the CLI, <c>zhiku serve</c>); else <c>zhiku.dll</c> next to the running assembly
    /// (a host that references the CLI project, such as the server tests).
    /// </summary>
    /// <exception cref="ZhikuException">No worker binary was found; the message names the setting to give.</exception>
    public static ParserWorkerCommand Resolve(string? configured = null)
    {
        string? explicitPath = string.IsNullOrWhiteSpace(configured) ? Environment.GetEnvironmentVariable(EnvironmentVariable) : configured;
        if (!string.IsNullOrWhiteSpace(explicitPath))
        {
            string full = Path.GetFullPath(explicitPath);
            return File.Exists(full)
                ? For(full)
                : throw ZhikuException.Unavailable($"{EnvironmentVariable}: no file at {full}; give the path of the zhiku binary or zhiku.dll / 找不到解析进程程序");
        }

        Assembly? entry = Assembly.GetEntryAssembly();
        if (entry?.GetName().Name == AssemblyName && !string.IsNullOrEmpty(entry.Location))
        {
            return For(entry.Location);
        }

        string beside = Path.Combine(AppContext.BaseDirectory, AssemblyName + ".dll");
        return File.Exists(beside)
            ? For(beside)
            : throw ZhikuException.Unavailable(
                $"the parser worker (zhiku.dll) was not found next to {AppContext.BaseDirectory}; set {EnvironmentVariable} to the zhiku binary / 找不到解析进程程序");
    }

    /// <summary>The command for a zhiku apphost or zhiku.dll at <paramref name="path"/>.</summary>
    public static ParserWorkerCommand For(string path)
    {
        if (path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
        {
            return new ParserWorkerCommand(DotnetHost(), [path, Verb]);
        }

        return new ParserWorkerCommand(path, [Verb]);
    }

    private static string DotnetHost()
    {
        // Under `dotnet zhiku.dll` or `dotnet test` this process is the host already; the SDK also names it.
        string? self = Environment.ProcessPath;
        if (self is not null && Path.GetFileNameWithoutExtension(self).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            return self;
        }

        string? sdkHost = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        return !string.IsNullOrEmpty(sdkHost) && File.Exists(sdkHost) ? sdkHost : "dotnet";
    }
}
