using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json;

namespace Zhiku.Cli.Tests;

/// <summary>`zhiku user …` and `zhiku serve` as a user runs them.</summary>
public sealed class ServeAndUserTests : IDisposable
{
    private readonly CliRunner _cli = new();

    [Fact]
    public void User_add_prints_the_key_once_as_json_and_list_shows_no_keys()
    {
        JsonElement added = _cli.Run("user", "add", "alice", "--role", "admin", "--groups", "HR,finance", "--json").Json();
        Assert.Equal("alice", added.GetProperty("user").GetString());
        string key = added.GetProperty("api_key").GetString()!;
        Assert.StartsWith("zk_", key, StringComparison.Ordinal);

        CliResult list = _cli.Run("user", "list", "--json");
        Assert.DoesNotContain(key, list.Stdout, StringComparison.Ordinal);
        JsonElement alice = list.Json().GetProperty("users")[0];
        Assert.Equal(["finance", "hr"], alice.GetProperty("groups").EnumerateArray().Select(g => g.GetString()));

        JsonElement rotated = _cli.Run("user", "key", "alice", "--json").Json();
        Assert.NotEqual(key, rotated.GetProperty("api_key").GetString());
        Assert.Equal(0, _cli.Run("user", "disable", "alice").ExitCode);

        CliResult duplicate = _cli.Run("user", "add", "alice", "--role", "reader");
        Assert.Equal(1, duplicate.ExitCode);
        Assert.Contains("already exists", duplicate.Stderr, StringComparison.Ordinal);
        CliResult badRole = _cli.Run("user", "add", "bob", "--role", "king");
        Assert.Equal(1, badRole.ExitCode);
        Assert.Contains("role", badRole.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_explains_the_first_admin_then_answers_with_a_key()
    {
        int port = FreePort();
        using var process = _cli.Start("serve", "--urls", $"http://127.0.0.1:{port}");
        try
        {
            string first = await process.StandardOutput.ReadLineAsync() ?? "";
            Assert.Contains("zhiku user add NAME --role admin", first + await process.StandardOutput.ReadLineAsync(), StringComparison.Ordinal);
            string key = _cli.Run("user", "add", "root", "--role", "admin", "--json").Json().GetProperty("api_key").GetString()!;
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            HttpStatusCode health = HttpStatusCode.ServiceUnavailable;
            for (int i = 0; i < 100 && health != HttpStatusCode.OK; i++)
            {
                try
                {
                    health = (await http.GetAsync("/healthz")).StatusCode;
                }
                catch (HttpRequestException)
                {
                    await Task.Delay(200);
                }
            }

            Assert.Equal(HttpStatusCode.OK, health);
            Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/api/kbs")).StatusCode);
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/kbs")).StatusCode);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task Ingest_groups_are_stored_and_re_ingesting_with_other_groups_updates_them()
    {
        string folder = Path.Combine(_cli.Store, "in");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "pay.md"), "# 薪酬\n\n薪酬每月十日发放。");
        Assert.Equal(0, _cli.Run("ingest", folder, "--groups", "HR").ExitCode);
        var store = Zhiku.Core.ZhikuStore.Open(_cli.Store);
        long kb = (await store.KnowledgeBases.FindAsync("default"))!.Id;
        Assert.Equal(["hr"], (await store.Documents.ListAsync(kb))[0].Groups);
        Assert.Equal(0, _cli.Run("ingest", folder, "--groups", "hr,finance").ExitCode);
        Assert.Equal(["finance", "hr"], (await store.Documents.ListAsync(kb))[0].Groups);
        CliResult bad = _cli.Run("ingest", folder, "--groups", "a/b");
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("--groups", bad.Stderr, StringComparison.Ordinal);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose() => _cli.Dispose();
}
