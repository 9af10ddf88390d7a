using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using Lucene.Net.Util;
using Zhiku.Core.Access;
using Zhiku.Core.Indexing.Analysis;
using Zhiku.Core.Security;
using Zhiku.Core.Storage;
using LuceneDirectory = Lucene.Net.Store.Directory;

namespace Zhiku.Core.Indexing;

/// <summary>
/// The Lucene.Net full-text index of one knowledge base (BM25, k1 = 0.9, b = 0.4). It is derived data: the
/// metadata store is the source of truth and the index is repaired or rebuilt from it. Thread-safe; one
/// process at a time may write (Lucene's write lock).
/// </summary>
public sealed class FullTextIndex : ITermStatistics, IDisposable
{
    // k1 = 0.9, b = 0.4: the usual setting for passage-length documents (Anserini/Pyserini's defaults); chunks are
    // passages of similar length, so less length normalisation and earlier term saturation than the 1.2/0.75 of
    // whole documents. Better on all four shared sets (docs/benchmarks.md, "Keyword side").
    private static readonly Similarity Bm25 = new BM25Similarity(0.9f, 0.4f);
    private readonly LuceneDirectory _directory;
    private readonly LuceneFieldAnalyzer _analyzer;
    private readonly KeywordQueryBuilder _queryBuilder;
    private readonly System.Threading.Lock _gate = new();
    private IndexWriter? _writer;
    private SearcherManager? _searchers;
    private DateTime _folderStamp;
    private long _folderCheckedAt;

    /// <param name="folder">The index folder.</param>
    /// <param name="termAnalyzer">How text becomes terms (a knowledge base's user dictionary lives here); the shared one by default.</param>
    /// <param name="encryption">How index files are stored: encrypted under the store key, or plain (the default).</param>
    public FullTextIndex(string folder, TermAnalyzer? termAnalyzer = null, IAtRestEncryption? encryption = null)
    {
        termAnalyzer ??= TermAnalyzer.Shared;
        _analyzer = new LuceneFieldAnalyzer(termAnalyzer);
        _queryBuilder = new KeywordQueryBuilder(termAnalyzer);
        Folder = folder;
        System.IO.Directory.CreateDirectory(folder);
        _directory = (encryption ?? PlainStorage.Instance).WrapIndexDirectory(FSDirectory.Open(folder));
    }

    /// <summary>The index folder.</summary>
    public string Folder { get; }

    /// <summary>With no writer open in this process, how long a search may see the index as it was before another
    /// process committed, when the folder's change time did not show the commit.</summary>
    public static TimeSpan ExternalRefreshInterval { get; } = TimeSpan.FromSeconds(1);

    /// <summary>True when the folder holds a readable index commit.</summary>
    public bool HasValidCommit()
    {
        try
        {
            return DirectoryReader.IndexExists(_directory);
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>Adds chunks (not visible to searches until <see cref="Commit"/>).</summary>
    public void AddChunks(IEnumerable<ChunkRecord> chunks)
    {
        IndexWriter w = Writer();
        foreach (ChunkRecord chunk in chunks)
        {
            string title = string.IsNullOrEmpty(chunk.HeadingPath) ? chunk.Title : chunk.Title + " " + chunk.HeadingPath;
            var document = new Document
            {
                new StringField(IndexField.ChunkId, chunk.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), Field.Store.YES),
                new StringField(IndexField.DocId, chunk.DocId.ToString(System.Globalization.CultureInfo.InvariantCulture), Field.Store.YES),
                new TextField(IndexField.Words, chunk.Text, Field.Store.NO),
                new TextField(IndexField.Bigrams, chunk.Text, Field.Store.NO),
                new TextField(IndexField.Title, title, Field.Store.NO),
            };
            if (chunk.Policy is { } policy)
            {
                document.Add(new StringField(IndexField.Policy, policy, Field.Store.NO));
            }

            w.AddDocument(document);
        }
    }

    /// <summary>Removes every chunk of the given documents.</summary>
    public void DeleteDocuments(IEnumerable<long> docIds)
    {
        Term[] terms = docIds.Select(id => new Term(IndexField.DocId, id.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToArray();
        if (terms.Length > 0)
        {
            Writer().DeleteDocuments(terms);
        }
    }

    /// <summary>Removes everything (before a rebuild).</summary>
    public void DeleteAll() => Writer().DeleteAll();

    /// <summary>Makes added and deleted chunks durable and visible.</summary>
    public void Commit()
    {
        lock (_gate)
        {
            if (_writer is not null)
            {
                _writer.Commit();
                _searchers?.MaybeRefreshBlocking();
            }
        }
    }

    /// <summary>The best chunks for a raw user text; empty when the text has no searchable term. Chunks of
    /// documents whose policy is forbidden are never returned (filtered inside the query, before top-k).</summary>
    /// <param name="text">Any user text; never parsed as query syntax.</param>
    /// <param name="top">How many chunks to return.</param>
    /// <param name="excludedDocIds">Documents whose chunks must not match (unreadable for the caller); applied inside
    /// the query, so the top <paramref name="top"/> are taken among the remaining chunks only.</param>
    /// <param name="cancellationToken">Stops the search between segments and every few thousand matching chunks.</param>
    /// <exception cref="OperationCanceledException">The token was cancelled before or during the search.</exception>
    public IReadOnlyList<KeywordHit> Search(string text, int top, IReadOnlyCollection<long>? excludedDocIds = null,
        CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (top <= 0)
        {
            return [];
        }

        return WithSearcher(searcher =>
        {
            IndexReader reader = searcher.IndexReader;
            int total = Math.Max(1, reader.NumDocs);
            Query? query = _queryBuilder.Build(text, term => reader.DocFreq(term) / (double)total);
            if (query is null)
            {
                return [];
            }

            IReadOnlyList<KeywordHit> hits = Search(searcher, query, top, excludedDocIds, cancellationToken);
            // Fewer hits than asked for: the content terms are rare, so the common question words that were left
            // out fill the rest, as they did before (and the full query is cheap enough when so little matches).
            if (hits.Count < top && _queryBuilder.Build(text) is { } full && !full.Equals(query))
            {
                hits = Search(searcher, full, top, excludedDocIds, cancellationToken);
            }

            return hits;
        }, []);
    }

    private static IReadOnlyList<KeywordHit> Search(IndexSearcher searcher, Query query, int top, IReadOnlyCollection<long>? excludedDocIds,
        CancellationToken cancellationToken)
    {
        query = new BooleanQuery
        {
            { query, Occur.MUST },
            { new TermQuery(new Term(IndexField.Policy, DataPolicy.Forbidden)), Occur.MUST_NOT },
        };
        if (excludedDocIds is { Count: > 0 })
        {
            Term[] excluded = excludedDocIds.Select(id => new Term(IndexField.DocId, id.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToArray();
            query = new BooleanQuery
            {
                { query, Occur.MUST },
                { new ConstantScoreQuery(new Lucene.Net.Queries.TermsFilter(excluded)), Occur.MUST_NOT },
            };
        }

        TopDocs docs = ((CancellableSearcher)searcher).Search(query, top, cancellationToken);
        var hits = new List<KeywordHit>(docs.ScoreDocs.Length);
        foreach (ScoreDoc scoreDoc in docs.ScoreDocs)
        {
            Document stored = searcher.Doc(scoreDoc.Doc);
            hits.Add(new KeywordHit(long.Parse(stored.Get(IndexField.ChunkId), System.Globalization.CultureInfo.InvariantCulture),
                long.Parse(stored.Get(IndexField.DocId), System.Globalization.CultureInfo.InvariantCulture), scoreDoc.Score));
        }

        return hits;
    }

    /// <summary>Number of chunks containing a term in a field, and the number of chunks in the index.</summary>
    public (int DocFreq, int DocCount) TermStatistics(string field, string term) =>
        WithSearcher(searcher => (searcher.IndexReader.DocFreq(new Term(field, term)), searcher.IndexReader.NumDocs), (0, 0));

    /// <summary>A view of the current reader for many term lookups (an answer's IDF weights): one acquire for all of
    /// them instead of one per term. Dispose it to release the reader.</summary>
    public TermStatisticsView AcquireStatistics()
    {
        IndexSearcher? searcher = Acquire(out SearcherManager? owner);
        return new TermStatisticsView(searcher, owner);
    }

    /// <summary>Number of chunks in the last committed view.</summary>
    public int Count => WithSearcher(searcher => searcher.IndexReader.NumDocs, 0);

    /// <summary>Runs <paramref name="use"/> on the current searcher, acquired from the searcher manager and released
    /// after the call (reference counted: searches run while ingestion commits and refreshes).</summary>
    private T WithSearcher<T>(Func<IndexSearcher, T> use, T empty)
    {
        IndexSearcher? searcher = Acquire(out SearcherManager? owner);
        if (searcher is null)
        {
            return empty;
        }

        try
        {
            return use(searcher);
        }
        finally
        {
            owner!.Release(searcher);
        }
    }

    /// <summary>The current searcher (null while the folder holds no commit), acquired from its manager. One reader of
    /// the last commit is shared by every search until the index changes: refreshed when this process commits, or —
    /// when no writer is open here — after another process (a CLI ingest under `serve`) committed, seen from the
    /// folder's change time or at the latest <see cref="ExternalRefreshInterval"/> later.</summary>
    private IndexSearcher? Acquire(out SearcherManager? owner)
    {
        lock (_gate)
        {
            if (_searchers is null)
            {
                // From the directory, not the writer: searches see whole commits only, never a batch being written.
                if (!HasValidCommit())
                {
                    owner = null;
                    return null;
                }

                _searchers = new SearcherManager(_directory, Bm25Searchers.Instance);
                NoteFolderChecked();
            }
            else if (_writer is null && FolderMayHaveChanged())
            {
                _searchers.MaybeRefreshBlocking();
            }

            owner = _searchers;
            return _searchers.Acquire();
        }
    }

    /// <summary>Refreshes at most every <see cref="ExternalRefreshInterval"/>, or sooner when the folder's change time
    /// moved (a commit creates a new segments file): a stat instead of listing the folder and reading segments_N.</summary>
    private bool FolderMayHaveChanged()
    {
        DateTime stamp = FolderStamp();
        if (stamp == _folderStamp && Environment.TickCount64 - _folderCheckedAt < ExternalRefreshInterval.TotalMilliseconds)
        {
            return false;
        }

        NoteFolderChecked();
        return true;
    }

    private void NoteFolderChecked()
    {
        _folderStamp = FolderStamp();
        _folderCheckedAt = Environment.TickCount64;
    }

    private DateTime FolderStamp()
    {
        try
        {
            return System.IO.Directory.GetLastWriteTimeUtc(Folder);
        }
        catch (IOException)
        {
            return default;
        }
    }

    private IndexWriter Writer()
    {
        lock (_gate)
        {
            if (_writer is null)
            {
                var config = new IndexWriterConfig(LuceneVersion.LUCENE_48, _analyzer)
                {
                    Similarity = Bm25,
                    OpenMode = OpenMode.CREATE_OR_APPEND,
                    RAMBufferSizeMB = 64,
                };
                try
                {
                    _writer = new IndexWriter(_directory, config);
                }
                catch (LockObtainFailedException ex)
                {
                    throw ZhikuException.Unavailable(
                        "the knowledge base is being written by another Zhiku process (ingest or serve); wait for it or stop it / 另一个 Zhiku 进程正在写入该知识库", innerException: ex);
                }
            }

            return _writer;
        }
    }

    private sealed class Bm25Searchers : SearcherFactory
    {
        public static readonly Bm25Searchers Instance = new();

        public override IndexSearcher NewSearcher(IndexReader reader) => new CancellableSearcher(reader) { Similarity = Bm25 };
    }

    /// <summary>An index searcher whose top-k search stops when the caller's token is cancelled.</summary>
    private sealed class CancellableSearcher(IndexReader reader) : IndexSearcher(reader)
    {
        /// <summary>The same search as <see cref="IndexSearcher.Search(Query, int)"/> (same weight, same collector,
        /// so the same scores and order), with the collector wrapped in a <see cref="CancellingCollector"/>.</summary>
        public TopDocs Search(Query query, int top, CancellationToken cancellationToken)
        {
            Weight weight = CreateNormalizedWeight(query);
            var collector = TopScoreDocCollector.Create(Math.Min(top, Math.Max(1, IndexReader.MaxDoc)), !weight.ScoresDocsOutOfOrder);
            Search(m_leafContexts, weight, new CancellingCollector(collector, cancellationToken));
            return collector.GetTopDocs();
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _searchers?.Dispose();
            _writer?.Dispose();
            _directory.Dispose();
            _analyzer.Dispose();
        }
    }
}
