using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace Zhiku.Cli.Tests;

/// <summary>Safe defaults: an unknown --kb creates nothing, a document policy never loosens its knowledge base,
/// serve binds only what --urls names, empty searches and failed files are errors, passwords are asked twice.</summary>
public sealed class SafeDefaultsTests : IDisposable
{
    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    private string Folder(string name, params (string File, string Text)[] files)
    {
        string folder = Path.Combine(_cli.Store, "in-" + name);
        Directory.CreateDirectory(folder);
        foreach ((string file, string text) in files)
        {
            File.WriteAllText(Path.Combine(folder, file), text);
        }

        return folder;
    }

    private static void AssertOneLineError(CliResult result, params string[] expected)
    {
        Assert.True(result.ExitCode == 1, result.ToString());
        string[] lines = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, result.ToString());
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
        foreach (string text in expected)
        {
            Assert.Contains(text, result.Stderr, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void An_unknown_kb_is_an_error_on_every_command_and_nothing_is_created()
    {
        string folder = Folder("typo", ("roster.md", "# 花名册\n\n张伟，人事部。"));
        Assert.Equal(0, _cli.Run("kb", "create", "hr-private", "--policy", "local-only").ExitCode);

        string[][] commands =
        [
            ["ingest", folder, "--kb", "hr-privat"],
            ["search", "张伟", "--kb", "hr-privat"],
            ["ask", "张伟在哪个部门？", "--kb", "hr-privat"],
            ["chat", "--kb", "hr-privat"],
            ["docs", "list", "--kb", "hr-privat"],
            ["docs", "show", "1", "--kb", "hr-privat"],
            ["docs", "delete", "1", "--kb", "hr-privat"],
            ["reembed", "--kb", "hr-privat"],
            ["config", "show", "--kb", "hr-privat"],
            ["scan", "--kb", "hr-privat"],
        ];
        foreach (string[] command in commands)
        {
            AssertOneLineError(_cli.Run(command), "hr-privat", "zhiku kb create hr-privat --policy");
        }

        JsonElement kbs = _cli.Run("kb", "list", "--json").Json().GetProperty("kbs");
        Assert.DoesNotContain(kbs.EnumerateArray(), k => k.GetProperty("name").GetString() == "hr-privat");
        Assert.Equal(0, kbs.EnumerateArray().Single(k => k.GetProperty("name").GetString() == "hr-private").GetProperty("documents").GetInt32());

        // Only `default` is created on first use.
        Assert.Equal(0, _cli.Run("ingest", folder).ExitCode);
        Assert.Contains(_cli.Run("kb", "list", "--json").Json().GetProperty("kbs").EnumerateArray(), k => k.GetProperty("name").GetString() == "default");
    }

    [Theory]
    [InlineData("local-only", "cloud")]
    [InlineData("forbidden", "cloud")]
    [InlineData("forbidden", "local-only")]
    public void A_document_policy_looser_than_the_kb_is_refused_naming_both(string kbPolicy, string requested)
    {
        string folder = Folder("loose", ("roster.md", "# 花名册\n\n张伟，人事部。"));
        Assert.Equal(0, _cli.Run("kb", "create", "hr", "--policy", kbPolicy).ExitCode);

        CliResult result = _cli.Run("ingest", folder, "--kb", "hr", "--policy", requested);

        AssertOneLineError(result, $"'{requested}'", kbPolicy, "'hr'");
        Assert.Equal(0, _cli.Run("docs", "list", "--kb", "hr", "--json").Json().GetProperty("documents").GetArrayLength());
    }

    [Fact]
    public void A_stricter_document_policy_and_the_rules_tighten_a_cloud_kb()
    {
        File.WriteAllText(Path.Combine(_cli.Store, "zhiku.json"), """
            { "privacy": { "rules": [ { "keywords": ["绝密"], "policy": "forbidden" } ] } }
            """);
        string folder = Folder("strict", ("plan.md", "# 计划\n\n绝密：明年并购计划。"), ("notes.md", "# 会议\n\n会议室预订请用 OA。"));
        Assert.Equal(0, _cli.Run("kb", "create", "corp", "--policy", "cloud").ExitCode);

        CliResult result = _cli.Run("ingest", folder, "--kb", "corp", "--policy", "cloud", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var policies = _cli.Run("docs", "list", "--kb", "corp", "--json").Json().GetProperty("documents").EnumerateArray()
            .ToDictionary(d => Path.GetFileName(d.GetProperty("source").GetString()!), d => d.GetProperty("policy").GetString());
        Assert.Equal("forbidden", policies["plan.md"]); // the rule still applies over --policy cloud
        Assert.Equal("cloud", policies["notes.md"]);
        Assert.DoesNotContain("并购", _cli.Run("search", "并购计划", "--kb", "corp", "--json").Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void An_empty_search_is_rejected_like_an_empty_question(string query)
    {
        AssertOneLineError(_cli.Run("search", query), "query");
        AssertOneLineError(_cli.Run("ask", query), "question");
    }

    [Fact]
    public void Ingest_exits_1_after_the_whole_batch_when_a_file_failed_and_says_so_in_json()
    {
        string folder = Folder("mixed", ("good.md", "# 差旅\n\n出差住宿标准为每晚五百元。"), ("notzip.docx", "this is not a zip file"));

        CliResult result = _cli.Run("ingest", folder, "--json");

        Assert.True(result.ExitCode == 1, result.ToString());
        JsonElement json = result.Json();
        Assert.Equal(1, json.GetProperty("failed").GetInt32());
        Assert.Equal(1, json.GetProperty("ingested").GetInt32());
        Assert.False(json.GetProperty("ok").GetBoolean());
        Assert.Contains("1 of 2 files failed", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("五百元", _cli.Run("search", "住宿标准", "--json").Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void User_password_asks_twice_and_refuses_two_different_entries()
    {
        Assert.Equal(0, _cli.Run("user", "add", "alice", "--role", "admin").ExitCode);

        CliResult differ = RunWithInput("first-password-1\nsecond-password-2\n", "user", "password", "alice");
        AssertOneLineError(differ, "differ");
        Assert.False(HasPassword("alice"));

        CliResult same = RunWithInput("same-password-3\nsame-password-3\n", "user", "password", "alice");
        Assert.True(same.ExitCode == 0, same.ToString());
        Assert.DoesNotContain("same-password-3", same.Stdout + same.Stderr, StringComparison.Ordinal);
        Assert.True(HasPassword("alice"));

        // Scripts: one piped line, or --password-stdin.
        Assert.Equal(0, RunWithInput("piped-password-4\n", "user", "password", "alice").ExitCode);
        Assert.Equal(0, RunWithInput("piped-password-5\nanything else\n", "user", "password", "alice", "--password-stdin").ExitCode);
    }

    [Theory]
    [InlineData("http://127.0.0.1:80x")]
    [InlineData("http://127.0.0.1:99999")]
    [InlineData("127.0.0.1:8080")]
    [InlineData("http://*:8080")]
    [InlineData("http://my-host:8080")]
    [InlineData("ftp://127.0.0.1:8080")]
    public void Serve_refuses_a_malformed_or_unbindable_url_in_one_line(string url)
    {
        CliResult result = _cli.Run(TimeSpan.FromSeconds(90), "serve", "--urls", url);
        AssertOneLineError(result, "--urls");
        Assert.Contains(url, result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Serve_with_an_invalid_setting_in_zhiku_json_exits_1_at_start_naming_the_key()
    {
        File.WriteAllText(Path.Combine(_cli.Store, "zhiku.json"), """{ "retrieval": { "rrf_k": "sixty" } }""");
        using var free = new TcpListener(IPAddress.Loopback, 0);
        free.Start();
        int port = ((IPEndPoint)free.LocalEndpoint).Port;
        free.Stop();

        CliResult result = _cli.Run(TimeSpan.FromSeconds(90), "serve", "--urls", $"http://127.0.0.1:{port}");

        AssertOneLineError(result, "zhiku.json", "retrieval.rrf_k", "must be a number");
        Assert.DoesNotContain("listening", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Serve_on_a_port_in_use_exits_1_naming_the_port()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        int port = ((IPEndPoint)taken.LocalEndpoint).Port;

        CliResult result = _cli.Run(TimeSpan.FromSeconds(90), "serve", "--urls", $"http://127.0.0.1:{port}");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains(port.ToString(System.Globalization.CultureInfo.InvariantCulture), result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stdout + result.Stderr, StringComparison.Ordinal);
        Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Chat_shows_a_thinking_state_and_recognises_exit_however_it_is_typed()
    {
        string folder = Folder("chat", ("leave.md", "# 年假\n\n员工工作满一年后享有五天带薪年假。"));
        Assert.Equal(0, _cli.Run("ingest", folder).ExitCode);
        using Process process = _cli.Start("chat");
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteLineAsync("年假有几天？");
        await process.StandardInput.WriteLineAsync("  ／EXIT  ");
        await process.StandardInput.FlushAsync();
        // stdin stays open: the command alone must end the chat.
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(0, process.ExitCode);
        Assert.Contains("五天带薪年假", await stdout, StringComparison.Ordinal);
        Assert.Contains("思考中", await stderr, StringComparison.Ordinal);
    }

    private CliResult RunWithInput(string input, params string[] args)
    {
        using Process process = _cli.Start(args);
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        process.StandardInput.Write(input);
        process.StandardInput.Close();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"zhiku {string.Join(' ', args)} did not finish");
        }

        return new CliResult(process.ExitCode, stdout.Result, stderr.Result);
    }

    private bool HasPassword(string user) =>
        _cli.Run("user", "list", "--json").Json().GetProperty("users").EnumerateArray()
            .Single(u => u.GetProperty("name").GetString() == user).GetProperty("has_password").GetBoolean();
}
