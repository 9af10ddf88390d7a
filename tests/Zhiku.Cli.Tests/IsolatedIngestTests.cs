using System.Text.Json;
using Zhiku.TestSupport;

namespace Zhiku.Cli.Tests;

/// <summary>`zhiku ingest` parses in a worker process: hostile files end a worker, never the batch.</summary>
public sealed class IsolatedIngestTests
{
    private static string Folder(CliRunner cli, string name)
    {
        string folder = Path.GetFullPath(Path.Combine(cli.Store, "..", Path.GetFileName(cli.Store) + "-" + name));
        Directory.CreateDirectory(folder);
        return folder;
    }

    [Fact]
    public void Every_hostile_file_gets_an_outcome_and_the_batch_finishes()
    {
        using var cli = new CliRunner();
        string docs = Folder(cli, "hostile");
        foreach ((string name, byte[] bytes) in HostileFiles.All())
        {
            File.WriteAllBytes(Path.Combine(docs, name), bytes);
        }

        File.WriteAllText(Path.Combine(docs, "zz-good.md"), "# 差旅\n\n出差住宿标准为每晚五百元，代号 GOODFILE7。");
        CliResult result = cli.Run(TimeSpan.FromMinutes(10), "ingest", docs, "--no-dense", "--json");

        // The whole batch runs; the hostile files that fail make the exit code 1 (and "ok": false), never a crash (2).
        Assert.True(result.ExitCode == 1, result.ToString());
        JsonElement json = result.Json();
        Assert.False(json.GetProperty("ok").GetBoolean());
        JsonElement[] files = json.GetProperty("files").EnumerateArray().ToArray();
        Assert.Equal(HostileFiles.All().Count + 1, files.Length);
        Assert.Equal("ingested", files.Single(f => f.GetProperty("path").GetString()!.EndsWith("zz-good.md", StringComparison.Ordinal)).GetProperty("status").GetString());
        Assert.Contains("GOODFILE7", cli.Run("search", "GOODFILE7", "--json").Stdout);
    }

    [Fact]
    public void A_file_that_kills_the_worker_fails_then_is_quarantined_and_never_retried_automatically()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var cli = new CliRunner();
        string docs = Folder(cli, "crash");
        File.WriteAllText(Path.Combine(docs, "a.md"), "# 标题\n\n正文。");
        // A stand-in worker that dies like a stack overflow on every file.
        string worker = Path.Combine(Folder(cli, "bin"), "crashing-worker");
        File.WriteAllText(worker, "#!/bin/sh\nhead -c 4 >/dev/null\nkill -ABRT $$\n");
        File.SetUnixFileMode(worker, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        cli.Environment["ZHIKU_PARSER_WORKER"] = worker;

        JsonElement first = cli.Run("ingest", docs, "--no-dense", "--json").Json();
        Assert.Equal(1, first.GetProperty("failed").GetInt32());
        Assert.Contains("crashed", first.GetProperty("files")[0].GetProperty("reason").GetString());

        JsonElement second = cli.Run("ingest", docs, "--no-dense", "--json").Json();
        Assert.Equal(1, second.GetProperty("quarantined").GetInt32());
        Assert.Equal("quarantined", second.GetProperty("files")[0].GetProperty("status").GetString());
        JsonElement listed = cli.Run("docs", "list", "--json").Json();
        Assert.Equal("a.md", listed.GetProperty("quarantined")[0].GetProperty("name").GetString());
        Assert.Equal(2, listed.GetProperty("quarantined")[0].GetProperty("kills").GetInt32());

        // Quarantined: a plain re-run does not parse it again, even with a worker that would succeed.
        cli.Environment.Remove("ZHIKU_PARSER_WORKER");
        JsonElement third = cli.Run("ingest", docs, "--no-dense", "--json").Json();
        Assert.Equal(1, third.GetProperty("quarantined").GetInt32());
        CliResult plain = cli.Run("ingest", docs, "--no-dense");
        Assert.Contains("quarantined", plain.Stdout);
        Assert.Contains("a forced ingest tries again", plain.Stdout, StringComparison.Ordinal);
        Assert.Contains("[ingest --force]", plain.Stdout, StringComparison.Ordinal);

        JsonElement forced = cli.Run("ingest", docs, "--no-dense", "--force", "--json").Json();
        Assert.Equal(1, forced.GetProperty("ingested").GetInt32());
    }
}
