using System.Diagnostics;
using Zhiku.Core;
using Zhiku.Core.Storage;
using Zhiku.TestSupport;

namespace Zhiku.Cli.Tests;

/// <summary>The prompt template and provider stored on a knowledge base (as `PATCH /api/kbs/{kb}` stores them) are the
/// ones `ask` and `chat` use for it.</summary>
public sealed class KnowledgeBaseSettingsTests : IAsyncLifetime
{
    private const string Marker = "按法务模板 MARK-7 作答";
    private readonly CliRunner cli = new();
    private FakeOpenAIServer storeWide = null!;
    private FakeOpenAIServer legal = null!;

    public async Task InitializeAsync()
    {
        storeWide = await FakeOpenAIServer.StartAsync();
        legal = await FakeOpenAIServer.StartAsync();
        storeWide.Responder = FakeOpenAIServer.QuoteFirstSource;
        legal.Responder = FakeOpenAIServer.QuoteFirstSource;
        File.WriteAllText(Path.Combine(cli.Store, "zhiku.json"), $$"""
            { "llm": { "default_provider": "wide", "providers": [
                { "name": "wide", "kind": "openai", "base_url": "{{storeWide.BaseUrl}}", "model": "wide-model", "local": false },
                { "name": "legal-model", "kind": "openai", "base_url": "{{legal.BaseUrl}}", "model": "legal-model", "local": false } ] } }
            """);
        string folder = Path.Combine(cli.Store, "in");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "travel.txt"), "出差住宿标准为每晚五百元。");
        Assert.Equal(0, cli.Run("kb", "create", "legal", "--policy", "cloud").ExitCode);
        Assert.Equal(0, cli.Run("ingest", folder, "--kb", "legal", "--no-dense").ExitCode);

        ZhikuStore store = ZhikuStore.Open(cli.Store);
        long id = store.Metadata.FindKnowledgeBase("legal")!.Id;
        var settings = new KnowledgeBaseAccessStore(store.Metadata);
        settings.SetSetting(id, "prompt_template", $"[system]\n{Marker}。\n[user]\n资料：\n{{{{sources}}}}\n\n问题：{{{{question}}}}");
        settings.SetSetting(id, "provider", "legal-model");
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    public async Task DisposeAsync()
    {
        await storeWide.DisposeAsync();
        await legal.DisposeAsync();
        cli.Dispose();
    }

    [Fact]
    public async Task Ask_and_chat_use_the_kbs_own_prompt_template_and_provider()
    {
        CliResult ask = cli.Run("ask", "出差住宿标准是多少？", "--kb", "legal", "--json");

        Assert.True(ask.ExitCode == 0, ask.ToString());
        Assert.Contains("五百元", ask.Json().GetProperty("answer").GetString(), StringComparison.Ordinal);
        Assert.Empty(storeWide.ChatRequests);
        Assert.Contains(Marker, legal.ChatRequests[^1].MessageText, StringComparison.Ordinal);

        int before = legal.ChatRequests.Count;
        using Process chat = cli.Start("chat", "--kb", "legal");
        Task<string> stdout = chat.StandardOutput.ReadToEndAsync();
        await chat.StandardInput.WriteLineAsync("出差住宿标准是多少？");
        await chat.StandardInput.WriteLineAsync("/exit");
        chat.StandardInput.Close();
        await chat.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(0, chat.ExitCode);
        Assert.Contains("五百元", await stdout, StringComparison.Ordinal);
        Assert.Empty(storeWide.ChatRequests);
        Assert.True(legal.ChatRequests.Count > before);
        Assert.Contains(Marker, legal.ChatRequests[^1].MessageText, StringComparison.Ordinal);
    }
}
