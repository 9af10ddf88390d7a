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
    private readonly CliRunner _cli = new();
    private FakeOpenAIServer _storeWide = null!;
    private FakeOpenAIServer _legal = null!;

    public async Task InitializeAsync()
    {
        _storeWide = await FakeOpenAIServer.StartAsync();
        _legal = await FakeOpenAIServer.StartAsync();
        _storeWide.Responder = FakeOpenAIServer.QuoteFirstSource;
        _legal.Responder = FakeOpenAIServer.QuoteFirstSource;
        File.WriteAllText(Path.Combine(_cli.Store, "zhiku.json"), $$"""
            { "llm": { "default_provider": "wide", "providers": [
                { "name": "wide", "kind": "openai", "base_url": "{{_storeWide.BaseUrl}}", "model": "wide-model", "local": false },
                { "name": "legal-model", "kind": "openai", "base_url": "{{_legal.BaseUrl}}", "model": "legal-model", "local": false } ] } }
            """);
        string folder = Path.Combine(_cli.Store, "in");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "travel.txt"), "出差住宿标准为每晚五百元。");
        Assert.Equal(0, _cli.Run("kb", "create", "legal", "--policy", "cloud").ExitCode);
        Assert.Equal(0, _cli.Run("ingest", folder, "--kb", "legal", "--no-dense").ExitCode);

        ZhikuStore store = ZhikuStore.Open(_cli.Store);
        long id = (await store.KnowledgeBases.FindAsync("legal"))!.Id;
        IKnowledgeBaseAccessStore settings = new Zhiku.Core.Storage.Sqlite.SqliteKnowledgeBaseAccessStore(store.Metadata);
        await settings.SetSettingAsync(id, "prompt_template", $"[system]\n{Marker}。\n[user]\n资料：\n{{{{sources}}}}\n\n问题：{{{{question}}}}");
        await settings.SetSettingAsync(id, "provider", "legal-model");
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    public async Task DisposeAsync()
    {
        await _storeWide.DisposeAsync();
        await _legal.DisposeAsync();
        _cli.Dispose();
    }

    [Fact]
    public async Task Ask_and_chat_use_the_kbs_own_prompt_template_and_provider()
    {
        CliResult ask = _cli.Run("ask", "出差住宿标准是多少？", "--kb", "legal", "--json");

        Assert.True(ask.ExitCode == 0, ask.ToString());
        Assert.Contains("五百元", ask.Json().GetProperty("answer").GetString(), StringComparison.Ordinal);
        Assert.Empty(_storeWide.ChatRequests);
        Assert.Contains(Marker, _legal.ChatRequests[^1].MessageText, StringComparison.Ordinal);

        int before = _legal.ChatRequests.Count;
        using Process chat = _cli.Start("chat", "--kb", "legal");
        Task<string> stdout = chat.StandardOutput.ReadToEndAsync();
        await chat.StandardInput.WriteLineAsync("出差住宿标准是多少？");
        await chat.StandardInput.WriteLineAsync("/exit");
        chat.StandardInput.Close();
        await chat.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(0, chat.ExitCode);
        Assert.Contains("五百元", await stdout, StringComparison.Ordinal);
        Assert.Empty(_storeWide.ChatRequests);
        Assert.True(_legal.ChatRequests.Count > before);
        Assert.Contains(Marker, _legal.ChatRequests[^1].MessageText, StringComparison.Ordinal);
    }
}
