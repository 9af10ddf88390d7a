using Zhiku.Core.Indexing.Embeddings;
using Zhiku.Core.Indexing.Hybrid;
using Zhiku.Core.Indexing.Vectors;
using Zhiku.Core.Tests.Indexing;

namespace Zhiku.Core.Tests.Indexing.Hybrid;

/// <summary>Vector updates against a loopback OpenAI-compatible server (fast, deterministic vectors).</summary>
public sealed class ReembedTests : IDisposable
{
    private readonly LoopbackEmbeddingServer _server = new();
    private readonly VectorTestStore _store = new();

    [Fact]
    public async Task ChangingTheModelReembedsFromStoredTextAndSearchStaysKeywordOnlyMeanwhile()
    {
        using (KnowledgeBase kb = await _store.OpenAsync(Model("embed-a")))
        {
            await VectorTestStore.IngestAsync(kb, "alpha report on spike proteins", "beta notes on annual leave", "gamma minutes of the meeting");
            Assert.Equal(DenseState.Incomplete, (await kb.Vectors.GetStatusAsync()).State);
            VectorUpdateResult first = await kb.UpdateVectorsAsync();
            Assert.Equal(3, first.Embedded);
            Assert.False(first.Replaced);
            Assert.Equal(DenseState.Ready, (await kb.Vectors.GetStatusAsync()).State);
        }

        string folder = _store.Store.Layout.VectorsFolder((await _store.Store.KnowledgeBases.FindAsync("kb"))!.Id);
        Assert.Equal("openai:embed-a", (await VectorIndexStore.ReadSpaceAsync(folder))!.ModelId);

        using (KnowledgeBase kb = await _store.OpenAsync(Model("embed-b")))
        {
            DenseStatus changed = await kb.Vectors.GetStatusAsync();
            Assert.Equal(DenseState.ModelChanged, changed.State);
            Assert.Equal("openai:embed-a", changed.StoredModelId);

            var results = await kb.SearchAsync("annual leave", 3);
            Assert.Equal("doc2", results[0].Chunk.ExternalId);
            Assert.All(results, r => Assert.Null(r.Explanation!.DenseRank));
            Assert.Null(results[0].Explanation!.FusedScore);

            int requestsBefore = _server.Requests.Count;
            VectorUpdateResult second = await kb.UpdateVectorsAsync();
            Assert.True(second.Replaced);
            Assert.Equal(3, second.Embedded);
            Assert.All(_server.Requests.Skip(requestsBefore), r => Assert.Equal("embed-b", r.Body["model"]!.GetValue<string>()));
            Assert.Equal(DenseState.Ready, (await kb.Vectors.GetStatusAsync()).State);

            results = await kb.SearchAsync("annual leave", 3);
            Assert.NotNull(results[0].Explanation!.FusedScore);
            Assert.Contains(results, r => r.Explanation!.DenseRank is not null);
        }

        Assert.Equal("openai:embed-b", (await VectorIndexStore.ReadSpaceAsync(folder))!.ModelId);
        Assert.False(Directory.Exists(_store.Store.Layout.PendingVectorsFolder((await _store.Store.KnowledgeBases.FindAsync("kb"))!.Id)));
    }

    [Fact]
    public async Task AnInterruptedUpdateResumesWhereItStopped()
    {
        using (KnowledgeBase kb = await _store.OpenAsync(Model("embed-a")))
        {
            await VectorTestStore.IngestAsync(kb, [.. Enumerable.Range(0, 150).Select(i => $"passage number {i} about topic {i % 7}")]);
            using var cancel = new CancellationTokenSource();
            var progress = new InlineProgress(p =>
            {
                if (p.Done > 0)
                {
                    cancel.Cancel();
                }
            });
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => kb.UpdateVectorsAsync(progress, cancel.Token));
        }

        using (KnowledgeBase kb = await _store.OpenAsync(Model("embed-a")))
        {
            DenseStatus partial = await kb.Vectors.GetStatusAsync();
            Assert.Equal(DenseState.Incomplete, partial.State);
            Assert.InRange(partial.Embedded, 1, 149);
            VectorUpdateResult rest = await kb.UpdateVectorsAsync();
            Assert.Equal(150 - partial.Embedded, rest.Embedded);
            Assert.Equal(DenseState.Ready, (await kb.Vectors.GetStatusAsync()).State);
        }
    }

    [Fact]
    public async Task NewAndDeletedDocumentsAreFollowed()
    {
        using KnowledgeBase kb = await _store.OpenAsync(Model("embed-a"));
        await VectorTestStore.IngestAsync(kb, "one", "two");
        await kb.UpdateVectorsAsync();
        Assert.Equal(DenseState.Ready, (await kb.Vectors.GetStatusAsync()).State);

        long first = (await kb.Store.Documents.ListAsync(kb.Info.Id)).First(d => d.ExternalId == "doc1").Id;
        Assert.True(await kb.DeleteDocumentAsync(first));
        VectorUpdateResult afterDelete = await kb.UpdateVectorsAsync();
        Assert.Equal(1, afterDelete.Removed);
        Assert.Equal(0, afterDelete.Embedded);
        Assert.Equal(1, (await kb.Vectors.GetStatusAsync()).Embedded);
    }

    [Fact]
    public async Task ProviderNoneNeverLoadsAModelAndSearchIsKeywordOnly()
    {
        using KnowledgeBase kb = await _store.OpenAsync(EmbeddingSettings.None);
        await VectorTestStore.IngestAsync(kb, "annual leave rules");
        Assert.Same(VectorUpdateResult.Disabled, await kb.UpdateVectorsAsync());
        Assert.Equal(DenseState.Disabled, (await kb.Vectors.GetStatusAsync()).State);
        Assert.Single(await kb.SearchAsync("annual leave"));
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task BackgroundUpdaterEmbedsAndRetriesAfterAFailure()
    {
        using KnowledgeBase kb = await _store.OpenAsync(Model("embed-a") with { });
        await VectorTestStore.IngestAsync(kb, "one", "two");
        _server.FailNext(400); // not retried by the HTTP client; the updater retries it
        var done = new TaskCompletionSource<VectorUpdateResult?>();
        await using var updater = new BackgroundVectorUpdater(firstRetry: TimeSpan.FromMilliseconds(10));
        updater.Completed += (_, result, error) => done.TrySetResult(result);
        await updater.EnqueueAsync(kb.Info.Name, kb.Vectors);
        VectorUpdateResult? result = await done.Task.WaitAsync(TimeSpan.FromMinutes(1));
        Assert.NotNull(result);
        Assert.Equal(2, result.Embedded);
        Assert.Equal(DenseState.Ready, (await kb.Vectors.GetStatusAsync()).State);
    }

    public void Dispose()
    {
        _store.Dispose();
        _server.Dispose();
    }

    private EmbeddingSettings Model(string name) => new() { Provider = "openai", BaseUrl = _server.BaseUrl, Model = name, BatchSize = 16 };

    private sealed class InlineProgress(Action<VectorUpdateProgress> report) : IProgress<VectorUpdateProgress>
    {
        public void Report(VectorUpdateProgress value) => report(value);
    }
}
