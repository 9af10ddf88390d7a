using Zhiku.Core.Indexing;
using Zhiku.Core.Indexing.Analysis;
using Zhiku.Core.Storage;

namespace Zhiku.Core.Tests.Indexing;

public sealed class FullTextIndexTests
{
    private static ChunkRecord Chunk(long id, string text) => new(id, id, 0, "", null, 0, text.Length, text, "文档" + id, null, null);

    private static List<ChunkRecord> Corpus(int count) =>
        Enumerable.Range(1, count).Select(i => Chunk(i, $"第{i}号文件：员工年假{i % 7}天，报销{i % 5}日内提交，项目代号 zk-{i:D4}。")).ToList();

    [Fact]
    public void RepeatedSearchesAndAFreshIndexInstanceGiveTheSameTopTen()
    {
        using var temp = new TempFolder();
        string[] queries = ["员工年假几天", "报销多少日内提交", "zk-0042", "项目代号"];
        List<List<(long, float)>> first;
        using (var index = new FullTextIndex(temp.Path))
        {
            index.AddChunks(Corpus(300));
            index.Commit();
            first = queries.Select(q => index.Search(q, 10).Select(h => (h.ChunkId, h.Score)).ToList()).ToList();
            for (int round = 0; round < 3; round++)
            {
                Assert.Equal(first, queries.Select(q => index.Search(q, 10).Select(h => (h.ChunkId, h.Score)).ToList()).ToList());
            }
        }

        // Read back without a writer (the directory-based searcher manager, as under `serve`).
        using var reopened = new FullTextIndex(temp.Path);
        Assert.Equal(first, queries.Select(q => reopened.Search(q, 10).Select(h => (h.ChunkId, h.Score)).ToList()).ToList());
        Assert.Equal(300, reopened.Count);
    }

    [Fact]
    public void CommitsOfThisProcessAreVisibleAtOnce()
    {
        using var temp = new TempFolder();
        using var index = new FullTextIndex(temp.Path);
        Assert.Equal(0, index.Count);
        index.AddChunks([Chunk(1, "火星大气主要是二氧化碳")]);
        index.Commit();
        Assert.Equal(1, index.Count);
        index.DeleteDocuments([1]);
        index.AddChunks([Chunk(2, "金星大气也是二氧化碳")]);
        index.Commit();
        Assert.Equal([2L], index.Search("二氧化碳", 10).Select(h => h.ChunkId));
    }

    [Fact]
    public void AReaderSeesCommitsOfAnotherWriterOfTheFolder()
    {
        using var temp = new TempFolder();
        using (var writer = new FullTextIndex(temp.Path))
        {
            writer.AddChunks([Chunk(1, "火星大气主要是二氧化碳")]);
            writer.Commit();
        }

        using var reader = new FullTextIndex(temp.Path);
        Assert.Equal(1, reader.Count);
        using (var writer = new FullTextIndex(temp.Path))
        {
            writer.AddChunks([Chunk(2, "金星大气也是二氧化碳")]);
            writer.Commit();
        }

        // The folder's change time shows the commit; at the latest the periodic check does.
        DateTime deadline = DateTime.UtcNow + FullTextIndex.ExternalRefreshInterval + TimeSpan.FromSeconds(5);
        while (reader.Count != 2 && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(50);
        }

        Assert.Equal(2, reader.Count);
        Assert.Equal([1L, 2L], reader.Search("二氧化碳", 10).Select(h => h.ChunkId).Order());
    }

    [Fact]
    public async Task ConcurrentSearchesDuringIngestSeeOnlyWholeCommits()
    {
        using var temp = new TempFolder();
        using var index = new FullTextIndex(temp.Path);
        index.AddChunks(Corpus(50));
        index.Commit();
        var failures = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using var stop = new CancellationTokenSource();
        Task[] readers = Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                using TermStatisticsView view = index.AcquireStatistics();
                int count = view.DocCount;
                // Batches of 50 are committed whole: a view never sees part of one, and its statistics agree with it.
                if (count % 50 != 0 || view.DocFreq(IndexField.Words, "员工") != count)
                {
                    failures.Enqueue($"count {count}, df {view.DocFreq(IndexField.Words, "员工")}");
                }

                if (index.Search("员工年假", 5).Count != 5)
                {
                    failures.Enqueue("fewer than 5 hits");
                }
            }
        })).ToArray();
        for (int batch = 1; batch < 20; batch++)
        {
            index.AddChunks(Corpus(50).Select(c => c with { Id = c.Id + batch * 50, DocId = c.DocId + batch * 50 }));
            index.Commit();
        }

        stop.Cancel();
        await Task.WhenAll(readers);
        Assert.Empty(failures);
        Assert.Equal(1000, index.Count);
    }
}
