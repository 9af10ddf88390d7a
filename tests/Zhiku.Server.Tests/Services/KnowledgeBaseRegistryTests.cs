using Microsoft.Extensions.DependencyInjection;
using Zhiku.Core;
using Zhiku.Core.Storage;
using Zhiku.Server.Services;

namespace Zhiku.Server.Tests.Services;

/// <summary>The server opens each knowledge base once, asynchronously, and does not keep a failed open.</summary>
public sealed class KnowledgeBaseRegistryTests
{
    [Fact]
    public async Task A_failed_open_is_not_kept_and_every_caller_then_shares_one_handle()
    {
        using var server = new ServerFactory();
        KnowledgeBaseInfo info = await server.ServerStore.Store.CreateKnowledgeBaseAsync("hr");
        var registry = server.Services.GetRequiredService<KnowledgeBaseRegistry>();
        string config = Path.Combine(server.Store, "zhiku.json");
        string missing = Path.Combine(server.Store, "no-reranker-here");
        await File.WriteAllTextAsync(config, "{\"retrieval\": {\"reranker\": \"" + missing.Replace("\\", "\\\\", StringComparison.Ordinal) + "\"}}");

        await Assert.ThrowsAsync<ZhikuException>(() => registry.GetAsync(info));

        File.Delete(config);
        KnowledgeBaseHandle[] handles = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => registry.GetAsync(info)));
        Assert.All(handles, h => Assert.Same(handles[0], h));
        Assert.Equal("hr", handles[0].KnowledgeBase.Info.Name);
        Assert.Empty(await handles[0].KnowledgeBase.SearchAsync("年假"));
    }
}
