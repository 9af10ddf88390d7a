using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;
using Zhiku.Core.Indexing;
using Zhiku.Core.Storage;

namespace Zhiku.Core.Tests.Indexing;

public sealed class SearchCancellationTests
{
    private static ChunkRecord Chunk(long id, string text) => new(id, id, 0, "", null, 0, text.Length, text, "文档" + id, null, null);

    [Fact]
    public void A_cancelled_token_stops_a_keyword_search_before_it_reads_the_index()
    {
        using var temp = new TempFolder();
        using var index = new FullTextIndex(temp.Path);
        index.AddChunks([Chunk(1, "员工年假五天"), Chunk(2, "报销三十日内提交")]);
        index.Commit();
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => index.Search("年假", 5, cancellationToken: cancelled.Token));
        Assert.Single(index.Search("年假", 5)); // the same search without the token finds the chunk
    }

    [Fact]
    public void A_search_cancelled_while_collecting_stops_within_the_check_interval()
    {
        const int chunks = 3000;
        using var temp = new TempFolder();
        using (var index = new FullTextIndex(temp.Path))
        {
            index.AddChunks(Enumerable.Range(1, chunks).Select(i => Chunk(i, $"第{i}号文件：员工年假{i % 7}天。")));
            index.Commit();
        }

        using var directory = FSDirectory.Open(temp.Path);
        using DirectoryReader reader = DirectoryReader.Open(directory);
        var searcher = new IndexSearcher(reader);
        using var cancel = new CancellationTokenSource();
        var counting = new CountingCollector(cancelAt: 10, cancel);

        Assert.ThrowsAny<OperationCanceledException>(() =>
            searcher.Search(new MatchAllDocsQuery(), new CancellingCollector(counting, cancel.Token)));
        Assert.InRange(counting.Collected, 10, 10 + CancellingCollector.CheckInterval);
        Assert.True(counting.Collected < chunks, $"collected {counting.Collected} of {chunks} after the cancel");

        var uncancelled = new CountingCollector(cancelAt: int.MaxValue, cancel: null);
        searcher.Search(new MatchAllDocsQuery(), new CancellingCollector(uncancelled, CancellationToken.None));
        Assert.Equal(chunks, uncancelled.Collected);
    }

    [Fact]
    public async Task Search_and_ask_of_a_knowledge_base_throw_when_cancelled()
    {
        using var temp = new TempFolder();
        using KnowledgeBase kb = await ZhikuStore.Open(temp.Path).OpenKnowledgeBaseAsync("default");
        await TestDocuments.LoadAsync(kb, TestDocuments.Handbook);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => kb.SearchAsync("年假", useDense: false, cancellationToken: cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => kb.SearchAsync("年假", cancellationToken: cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => kb.AskAsync("试用期员工可以休年假吗？", cancellationToken: cancelled.Token));
        Assert.NotEmpty(await kb.SearchAsync("年假", useDense: false));
    }

    /// <summary>Counts collected documents and cancels the source at the given count, as a caller would mid-search.</summary>
    private sealed class CountingCollector(int cancelAt, CancellationTokenSource? cancel) : ICollector
    {
        public int Collected { get; private set; }

        public bool AcceptsDocsOutOfOrder => true;

        public void SetScorer(Scorer scorer)
        {
        }

        public void SetNextReader(AtomicReaderContext context)
        {
        }

        public void Collect(int doc)
        {
            if (++Collected == cancelAt)
            {
                cancel?.Cancel();
            }
        }
    }
}
