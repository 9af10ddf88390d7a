using Microsoft.Extensions.Logging;
using Zhiku.Core.Indexing;
using Zhiku.Core.Indexing.Hybrid;
using Zhiku.Core.Indexing.Reranking;

namespace Zhiku.Core.Tests.Indexing;

/// <summary>Rerankers are loaded once per process and model folder: knowledge bases opened again, or others with the
/// same reranker, share the one cross-encoder (one ONNX session); a failed load is tried again on the next open.</summary>
public sealed class CrossEncodersTests
{
    private static RetrievalConfiguration Reranked(string folder) => RetrievalConfiguration.KeywordOnly with
    {
        Settings = new RetrievalSettings { RerankerPath = folder, RerankBudget = Timeout.InfiniteTimeSpan },
    };

    [Fact]
    public async Task Several_opens_of_two_knowledge_bases_and_their_questions_load_one_reranker()
    {
        using var temp = new TempFolder();
        string model = temp.Combine("reranker");
        Directory.CreateDirectory(model);
        SegmentSumCrossEncoder.WriteFolder(model);
        int loaded = 0;
        using var crossEncoders = new CrossEncoders(create: folder =>
        {
            Interlocked.Increment(ref loaded);
            return OnnxCrossEncoder.FromFolder(folder);
        });
        ZhikuStore store = ZhikuStore.Open(temp.Combine("store"));
        store.CrossEncoders = crossEncoders;

        foreach (string name in new[] { "hr", "finance", "hr", "finance", "hr" })
        {
            using KnowledgeBase kb = await store.OpenKnowledgeBaseAsync(name, create: (await store.KnowledgeBases.FindAsync(name)) is null, Reranked(model));
            await TestDocuments.LoadAsync(kb, ("leave-" + name, "年假", "员工每年享有五天带薪年假。"), ("meal-" + name, "食堂", "食堂中午开放，年假期间照常。"));
            for (int question = 0; question < 4; question++)
            {
                IReadOnlyList<SearchResult> results = await kb.SearchAsync("年假几天？");
                Assert.NotEmpty(results);
                Assert.All(results, r => Assert.NotNull(r.Explanation?.RerankScore));
            }
        }

        Assert.Equal(1, loaded);
        Assert.Equal(1, crossEncoders.Created);
    }

    [Fact]
    public async Task A_folder_without_a_model_fails_the_open_and_the_next_open_loads_it()
    {
        using var temp = new TempFolder();
        string model = temp.Combine("reranker");
        Directory.CreateDirectory(model);
        using var crossEncoders = new CrossEncoders();
        ZhikuStore store = ZhikuStore.Open(temp.Combine("store"));
        store.CrossEncoders = crossEncoders;
        using (KnowledgeBase kb = await store.OpenKnowledgeBaseAsync("hr", create: true, RetrievalConfiguration.KeywordOnly))
        {
            await TestDocuments.LoadAsync(kb, ("leave", "年假", "员工每年享有五天带薪年假。"));
        }

        var ex = await Assert.ThrowsAsync<ZhikuException>(() => store.OpenKnowledgeBaseAsync("hr", retrieval: Reranked(model)));
        Assert.Contains(model, ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, crossEncoders.Created);

        SegmentSumCrossEncoder.WriteFolder(model); // the model copied in after the failure
        using KnowledgeBase again = await store.OpenKnowledgeBaseAsync("hr", retrieval: Reranked(model));
        SearchResult hit = Assert.Single(await again.SearchAsync("年假"));
        Assert.NotNull(hit.Explanation?.RerankScore);
        Assert.Equal(1, crossEncoders.Created);
    }

    [Fact]
    public async Task Concurrent_questions_on_the_shared_reranker_get_the_scores_each_gets_alone()
    {
        using var temp = new TempFolder();
        SegmentSumCrossEncoder.WriteFolder(temp.Path);
        using var crossEncoders = new CrossEncoders();
        ICrossEncoder shared = crossEncoders.Get(temp.Path);
        string[] passages = ["reset your password in settings", "tomato soup", "the quick brown fox", "年假五天", "zebra"];
        string[] queries = [.. Enumerable.Range(0, 16).Select(i => "question number " + i + new string('x', i))];
        var alone = new List<IReadOnlyList<float>>();
        foreach (string query in queries)
        {
            alone.Add(await shared.ScoreAsync(query, [.. passages.Select(p => p + " " + query)]));
        }

        for (int round = 0; round < 5; round++)
        {
            IReadOnlyList<float>[] together = await Task.WhenAll(queries.Select(query =>
                Task.Run(() => shared.ScoreAsync(query, [.. passages.Select(p => p + " " + query)]))));

            for (int i = 0; i < queries.Length; i++)
            {
                Assert.Equal(alone[i], together[i]);
            }
        }

        Assert.NotEqual(alone[0], alone[15]); // the scores depend on the query, so a mixed-up batch would show
        Assert.Same(shared, crossEncoders.Get(temp.Combine(".")));
        Assert.Equal(1, crossEncoders.Created);
    }

    [Fact]
    public void Other_folders_get_their_own_and_disposing_closes_them()
    {
        var closed = new List<string>();
        var crossEncoders = new CrossEncoders(create: folder => new ClosingEncoder(() => closed.Add(folder)));
        string first = Path.GetFullPath("model-a");
        string second = Path.GetFullPath("model-b");

        Assert.Same(crossEncoders.Get(first), crossEncoders.Get(first));
        Assert.NotSame(crossEncoders.Get(first), crossEncoders.Get(second));
        Assert.Equal(2, crossEncoders.Created);
        Assert.Empty(closed);

        crossEncoders.Dispose();
        Assert.Equal([first, second], closed.Order(StringComparer.Ordinal));
        Assert.Throws<ObjectDisposedException>(() => crossEncoders.Get(first));
    }

    [Fact]
    public async Task Loads_and_failures_are_logged_by_kind_never_the_text()
    {
        var logs = new RecordingLoggerFactory();
        int attempts = 0;
        using var crossEncoders = new CrossEncoders(logs, create: _ => ++attempts == 1
            ? throw ZhikuException.InvalidInput("no model.onnx", "retrieval.reranker")
            : new FailingEncoder());
        string folder = Path.GetFullPath("model-a");

        Assert.Throws<ZhikuException>(() => crossEncoders.Get(folder));
        ICrossEncoder encoder = crossEncoders.Get(folder);
        await Assert.ThrowsAsync<ZhikuException>(() => encoder.ScoreAsync("我的工资是多少", ["张三的工资单"]));

        Assert.Equal(2, attempts);
        Assert.Collection(logs.Messages,
            m => Assert.Equal($"Warning: Reranker {folder} could not be loaded: InvalidInput (retrieval.reranker)", m),
            m => Assert.StartsWith($"Information: Reranker {folder} ready in ", m, StringComparison.Ordinal),
            m => Assert.Equal($"Warning: Reranking with {folder} failed: Unavailable (retrieval.reranker)", m));
        Assert.DoesNotContain(logs.Messages, m => m.Contains("工资", StringComparison.Ordinal));
    }

    private sealed class ClosingEncoder(Action onDispose) : ICrossEncoder, IDisposable
    {
        public Task<IReadOnlyList<float>> ScoreAsync(string query, IReadOnlyList<string> passages, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<float>>([.. passages.Select(_ => 0f)]);

        public void Dispose() => onDispose();
    }

    private sealed class FailingEncoder : ICrossEncoder
    {
        public Task<IReadOnlyList<float>> ScoreAsync(string query, IReadOnlyList<string> passages, CancellationToken cancellationToken = default) =>
            throw ZhikuException.Unavailable($"cannot score \"{query}\"", "retrieval.reranker");
    }

    /// <summary>Keeps every formatted message as "Level: message".</summary>
    private sealed class RecordingLoggerFactory : ILoggerFactory, ILogger
    {
        private readonly List<string> _messages = [];

        public IReadOnlyList<string> Messages
        {
            get
            {
                lock (_messages)
                {
                    return [.. _messages];
                }
            }
        }

        public ILogger CreateLogger(string categoryName) => this;

        public void AddProvider(ILoggerProvider provider)
        {
        }

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (_messages)
            {
                _messages.Add($"{logLevel}: {formatter(state, exception)}");
            }
        }

        public void Dispose()
        {
        }
    }
}
