using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Zhiku.TestSupport;

namespace Zhiku.HostileBench;

/// <summary>
/// Kill-during-ingest trials with the parser worker: `zhiku ingest` of a folder (markdown files and a few hostile
/// ones) is killed with SIGKILL at a random point, odd trials the CLI alone (its worker must then exit by
/// itself), even trials the CLI and its worker. Each time the store must be consistent: the documents listed
/// are whole, a re-run ingests exactly the rest, every marker is then found once.
/// </summary>
internal static class KillTrials
{
    private const int MarkdownFiles = 300;

    public static async Task<int> RunAsync(int trials)
    {
        string zhiku = Path.Combine(AppContext.BaseDirectory, "zhiku.dll");
        string root = Path.Combine(Path.GetTempPath(), "zhiku-kill-trials-" + Guid.NewGuid().ToString("N"));
        string docs = Path.Combine(root, "docs");
        Directory.CreateDirectory(docs);
        for (int i = 0; i < MarkdownFiles; i++)
        {
            string body = string.Concat(Enumerable.Range(0, 30).Select(k => $"第{i}号文件的第{k}段，编号 KT-{i:D4}-{k}。\n\n"));
            await File.WriteAllTextAsync(Path.Combine(docs, $"f{i:D4}.md"), $"# 文件 {i}\n\n{body}");
        }

        await File.WriteAllBytesAsync(Path.Combine(docs, "f0100-nested.docx"), HostileFiles.NestedTablesDocx());
        await File.WriteAllBytesAsync(Path.Combine(docs, "f0200-deep.html"), System.Text.Encoding.UTF8.GetBytes(HostileFiles.NestedDivsHtml()));
        int expected = MarkdownFiles + 2;

        var random = new Random(20261201);
        int consistent = 0, orphans = 0;
        Console.WriteLine("| trial | killed | after (ms) | documents at kill | re-run ingested | final documents | worker exited | consistent |");
        Console.WriteLine("|---:|---|---:|---:|---:|---:|---|---|");
        try
        {
            for (int trial = 1; trial <= trials; trial++)
            {
                string store = Path.Combine(root, $"store{trial}");
                Directory.CreateDirectory(store);
                bool workerToo = trial % 2 == 0;
                int delay = random.Next(1500, 12_000);
                using (Process cli = Start(zhiku, store, "ingest", docs, "--no-dense"))
                {
                    await Task.Delay(delay);
                    int? worker = ChildOf(cli.Id);
                    if (workerToo && worker is { } w)
                    {
                        Process.GetProcessById(w).Kill();
                    }

                    cli.Kill(entireProcessTree: false);
                    await cli.WaitForExitAsync();
                    bool exited = worker is null || await GoneAsync(worker.Value);
                    orphans += exited ? 0 : 1;

                    int atKill = Documents(zhiku, store);
                    JsonElement rerun = Json(zhiku, store, "ingest", docs, "--no-dense", "--json");
                    int ingested = rerun.GetProperty("ingested").GetInt32();
                    int unchanged = rerun.GetProperty("unchanged").GetInt32();
                    int final = Documents(zhiku, store);
                    JsonElement hit = Json(zhiku, store, "search", $"KT-{random.Next(MarkdownFiles):D4}-7", "--top", "1", "--json");
                    bool ok = final == expected && ingested + unchanged == expected && unchanged <= atKill + 1
                        && hit.GetProperty("results").GetArrayLength() == 1;
                    consistent += ok ? 1 : 0;
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"| {trial} | {(workerToo ? "CLI + worker" : "CLI")} | {delay} | {atKill} | {ingested} | {final} | {(exited ? "yes" : "NO")} | {(ok ? "yes" : "NO")} |"));
                }

                Directory.Delete(store, recursive: true);
            }
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }

        Console.WriteLine($"kill trials: {consistent} of {trials} consistent; workers left running after their CLI was killed: {orphans}");
        return consistent == trials && orphans == 0 ? 0 : 1;
    }

    private static Process Start(string zhiku, string store, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(zhiku);
        foreach (string arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["ZHIKU_HOME"] = store;
        var process = Process.Start(info)!;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static JsonElement Json(string zhiku, string store, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(zhiku);
        foreach (string arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["ZHIKU_HOME"] = store;
        using Process process = Process.Start(info)!;
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0
            ? JsonDocument.Parse(stdout).RootElement.Clone()
            : throw new InvalidOperationException($"zhiku {string.Join(' ', args)}: exit {process.ExitCode}\n{stderr.Result}");
    }

    private static int Documents(string zhiku, string store) =>
        Json(zhiku, store, "docs", "list", "--json").GetProperty("documents").GetArrayLength();

    /// <summary>The parser worker: the CLI's child process, read from /proc.</summary>
    private static int? ChildOf(int pid)
    {
        foreach (string task in Directory.Exists($"/proc/{pid}/task") ? Directory.GetDirectories($"/proc/{pid}/task") : [])
        {
            string children = File.Exists(Path.Combine(task, "children")) ? File.ReadAllText(Path.Combine(task, "children")).Trim() : "";
            if (children.Length > 0)
            {
                return int.Parse(children.Split(' ')[0], CultureInfo.InvariantCulture);
            }
        }

        return null;
    }

    private static async Task<bool> GoneAsync(int pid)
    {
        for (int i = 0; i < 100; i++)
        {
            if (!Directory.Exists($"/proc/{pid}") || File.ReadAllText($"/proc/{pid}/stat").Contains(") Z ", StringComparison.Ordinal))
            {
                return true;
            }

            await Task.Delay(100);
        }

        return false;
    }
}
