using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace Zhiku.Cli.Tests;

/// <summary>Runs the real zhiku CLI (the built zhiku.dll next to the tests) as a child process with its own store.</summary>
public sealed class CliRunner : IDisposable
{
    public CliRunner()
    {
        Store = Path.Combine(Path.GetTempPath(), "zhiku-cli-test-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Store);
    }

    public string Store { get; }

    public static string RepoRoot
    {
        get
        {
            for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Zhiku.slnx")))
                {
                    return dir.FullName;
                }
            }

            throw new InvalidOperationException("repository root (Zhiku.slnx) not found above the test folder");
        }
    }

    public static string Samples => Path.Combine(RepoRoot, "samples");

    public CliResult Run(params string[] args) => Run(TimeSpan.FromMinutes(3), args);

    /// <summary>Environment variables set for every run (e.g. ZHIKU_LLM_*).</summary>
    public Dictionary<string, string> Environment { get; } = [];

    public CliResult Run(TimeSpan timeout, params string[] args)
    {
        using Process process = Start(args);
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"zhiku {string.Join(' ', args)} did not finish in {timeout}");
        }

        return new CliResult(process.ExitCode, stdout.Result, stderr.Result);
    }

    public Process Start(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "zhiku.dll"));
        foreach (string arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["ZHIKU_HOME"] = Store;
        foreach (string name in new[] { "ZHIKU_LLM_BASE_URL", "ZHIKU_LLM_MODEL", "ZHIKU_LLM_API_KEY", "ZHIKU_LLM_LOCAL", "ZHIKU_KEY", "ZHIKU_KEY_FILE", "ZHIKU_DATABASE_URL" })
        {
            info.Environment.Remove(name);
        }

        foreach ((string name, string value) in Environment)
        {
            info.Environment[name] = value;
        }

        return Process.Start(info)!;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Store, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>Exit code and output of one CLI run.</summary>
public sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    public JsonElement Json()
    {
        try
        {
            return JsonDocument.Parse(Stdout).RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw new InvalidOperationException($"stdout is not JSON ({ex.Message}):\n{Stdout}\nstderr:\n{Stderr}", ex);
        }
    }

    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}";
}
