using System.Diagnostics;
using System.Text.Json;

namespace Zhiku.Cli.Tests;

/// <summary>Incremental ingest, bad input and interrupted runs, through the real CLI.</summary>
public sealed class IngestTests
{
    private static string Folder(CliRunner cli, string name)
    {
        string folder = Path.Combine(cli.Store, "..", Path.GetFileName(cli.Store) + "-" + name);
        Directory.CreateDirectory(folder);
        return Path.GetFullPath(folder);
    }

    private static JsonElement Ingest(CliRunner cli, params string[] args)
    {
        CliResult result = cli.Run(["ingest", .. args, "--json"]);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result.Json();
    }

    [Fact]
    public void ReingestSkipsUnchangedReplacesChangedAndSyncRemovesDeleted()
    {
        using var cli = new CliRunner();
        string docs = Folder(cli, "docs");
        File.WriteAllText(Path.Combine(docs, "a.md"), "# 考勤\n\n每天九点上班，迟到三次扣除全勤奖。");
        File.WriteAllText(Path.Combine(docs, "b.md"), "# 福利\n\n每年组织一次体检。");

        JsonElement first = Ingest(cli, docs);
        Assert.Equal(2, first.GetProperty("ingested").GetInt32());

        JsonElement second = Ingest(cli, docs);
        Assert.Equal(0, second.GetProperty("ingested").GetInt32());
        Assert.Equal(2, second.GetProperty("unchanged").GetInt32());

        File.WriteAllText(Path.Combine(docs, "a.md"), "# 考勤\n\n每天九点半上班，弹性工作制。");
        JsonElement third = Ingest(cli, docs);
        Assert.Equal(1, third.GetProperty("ingested").GetInt32());
        string hits = cli.Run("search", "全勤奖", "--json").Stdout;
        Assert.DoesNotContain("全勤奖", hits);
        Assert.Contains("弹性工作制", cli.Run("search", "弹性工作制", "--json").Stdout);

        File.Delete(Path.Combine(docs, "b.md"));
        Ingest(cli, docs);
        Assert.Contains("体检", cli.Run("search", "体检", "--json").Stdout); // without --sync it stays
        JsonElement synced = Ingest(cli, docs, "--sync");
        Assert.Equal(1, synced.GetProperty("removed").GetInt32());
        Assert.DoesNotContain("体检", cli.Run("search", "体检", "--json").Stdout);
        Assert.Equal(1, cli.Run("docs", "list", "--json").Json().GetProperty("documents").GetArrayLength());
    }

    [Fact]
    public void JsonTimesEveryPhaseAndSecondsCoverTheWholeRun()
    {
        using var cli = new CliRunner();
        string docs = Folder(cli, "timed");
        File.WriteAllText(Path.Combine(docs, "a.md"), "# 考勤\n\n" + string.Concat(Enumerable.Repeat("每天九点上班，迟到三次扣除全勤奖。", 200)));

        JsonElement run = Ingest(cli, docs);
        double parse = run.GetProperty("parse_seconds").GetDouble();
        double index = run.GetProperty("index_seconds").GetDouble();
        double embed = run.GetProperty("embed_seconds").GetDouble();
        double seconds = run.GetProperty("seconds").GetDouble();
        Assert.True(parse >= 0 && index >= 0 && embed >= 0, run.GetRawText());
        Assert.InRange(seconds, parse + index + embed - 0.03, parse + index + embed + 0.03); // each is rounded to 0.01
        double mb = run.GetProperty("mb").GetDouble();
        Assert.True(mb > 0, run.GetRawText());
        double rate = mb / Math.Max(seconds, 0.01); // both rounded: mb_per_second to 0.001, so allow half of that
        Assert.InRange(run.GetProperty("mb_per_second").GetDouble(), 0.9 * rate - 0.0005, 1.1 * rate + 0.0005);
    }

    [Fact]
    public void BadFilesAreReportedAndTheRestIsIngested()
    {
        using var cli = new CliRunner();
        string docs = Folder(cli, "mixed");
        File.WriteAllText(Path.Combine(docs, "good.md"), "# 差旅\n\n出差住宿标准为每晚五百元。");
        File.WriteAllText(Path.Combine(docs, "good.txt"), "会议室预订请使用 OA 系统。");
        File.WriteAllBytes(Path.Combine(docs, "corrupt.pdf"), [.. "%PDF-1.7\n"u8, .. Enumerable.Range(0, 500).Select(i => (byte)(i * 37))]);
        File.WriteAllBytes(Path.Combine(docs, "truncated.pdf"), "%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pa"u8.ToArray());
        File.WriteAllText(Path.Combine(docs, "notzip.docx"), "this is not a zip file");
        File.WriteAllBytes(Path.Combine(docs, "binary.txt"), Enumerable.Range(0, 4096).Select(i => (byte)(i % 256)).ToArray());
        File.WriteAllText(Path.Combine(docs, "empty.md"), "");
        File.WriteAllText(Path.Combine(docs, "data.xyz"), "unknown format");
        File.WriteAllText(Path.Combine(docs, "broken.jsonl"), "{\"id\":\"1\",\"text\":\"ok\"}\n{not json\n");
        File.WriteAllText(Path.Combine(docs, "big.txt"), new string('大', 700_000));

        CliResult result = cli.Run("ingest", docs, "--max-file-mb", "1");
        // The whole batch runs, then the exit code says that some files failed.
        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("files failed", result.Stderr, StringComparison.Ordinal);
        foreach (string name in new[] { "corrupt.pdf", "truncated.pdf", "notzip.docx", "binary.txt", "empty.md", "data.xyz", "broken.jsonl", "big.txt" })
        {
            Assert.Contains(result.Stdout.Split('\n'), line => line.Contains(name, StringComparison.Ordinal) && (line.Contains("failed", StringComparison.Ordinal) || line.Contains("skipped", StringComparison.Ordinal)));
        }

        // Core names the limit; the CLI adds the flag that raises it.
        Assert.Contains(result.Stdout.Split('\n'), line => line.Contains("big.txt", StringComparison.Ordinal) && line.Contains("raise the size limit", StringComparison.Ordinal)
            && line.Contains("[--max-file-mb]", StringComparison.Ordinal));
        Assert.Contains("2 ingested", result.Stdout);
        Assert.DoesNotContain("   at ", result.Stdout + result.Stderr);
        Assert.Contains("五百元", cli.Run("ask", "出差住宿标准是多少？").Stdout);
    }

    [Fact]
    public async Task KilledIngestLeavesAConsistentStoreAndARerunFinishes()
    {
        using var cli = new CliRunner();
        // Enough files that the kill lands mid-run even on a quiet machine (about 150 small files a second).
        const int fileCount = 2000;
        string docs = Folder(cli, "many");
        for (int i = 0; i < fileCount; i++)
        {
            string body = string.Concat(Enumerable.Range(0, 40).Select(k => $"第{i}号文件的第{k}段，编号 DOC-{i:D4}-{k}。\n\n"));
            File.WriteAllText(Path.Combine(docs, $"f{i:D4}.md"), $"# 文件 {i}\n\n{body}");
        }

        using (Process process = cli.Start("ingest", docs))
        {
            var progressed = new TaskCompletionSource();
            process.OutputDataReceived += (_, e) =>
            {
                if (e.Data?.StartsWith("[20/", StringComparison.Ordinal) == true)
                {
                    progressed.TrySetResult();
                }
            };
            process.BeginOutputReadLine();
            await progressed.Task.WaitAsync(TimeSpan.FromMinutes(2));
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }

        JsonElement partial = cli.Run("docs", "list", "--json").Json();
        int before = partial.GetProperty("documents").GetArrayLength();
        Assert.InRange(before, 20, fileCount - 1);

        JsonElement rerun = Ingest(cli, docs);
        Assert.Equal(fileCount - before, rerun.GetProperty("ingested").GetInt32());
        Assert.Equal(before, rerun.GetProperty("unchanged").GetInt32());
        Assert.Equal(fileCount, cli.Run("docs", "list", "--json").Json().GetProperty("documents").GetArrayLength());
        JsonElement hit = cli.Run("search", "DOC-1999-7", "--top", "1", "--json").Json();
        Assert.Contains("DOC-1999-7", hit.GetProperty("results")[0].GetProperty("text").GetString());
        JsonElement stats = cli.Run("stats", "--json").Json();
        JsonElement all = cli.Run("search", "文件", "--top", "1", "--json").Json();
        Assert.Equal(1, all.GetProperty("results").GetArrayLength());
        Assert.True(stats.GetProperty("kbs")[0].GetProperty("documents").GetInt64() == fileCount);
    }

    [Fact]
    public void KnowledgeBasesAreSeparate()
    {
        using var cli = new CliRunner();
        string docs = Folder(cli, "kb");
        File.WriteAllText(Path.Combine(docs, "legal.md"), "# 合同\n\n合同审批需法务部会签。");
        Assert.Equal(0, cli.Run("kb", "create", "legal", "--policy", "local-only").ExitCode);
        Assert.Equal(1, cli.Run("kb", "create", "legal").ExitCode);
        Ingest(cli, docs, "--kb", "legal");
        Assert.Contains("法务部", cli.Run("search", "会签", "--kb", "legal", "--json").Stdout);
        Assert.DoesNotContain("法务部", cli.Run("search", "会签", "--json").Stdout);
        JsonElement list = cli.Run("kb", "list", "--json").Json();
        Assert.Contains(list.GetProperty("kbs").EnumerateArray(), k => k.GetProperty("name").GetString() == "legal" && k.GetProperty("policy").GetString() == "local-only");
        Assert.Equal(0, cli.Run("kb", "delete", "legal").ExitCode);
        Assert.Equal(1, cli.Run("search", "会签", "--kb", "legal").ExitCode);
    }
}
