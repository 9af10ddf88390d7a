using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using Lucene.Net.Util;
using Zhiku.Core.Indexing.Analysis;
using Zhiku.Core.Storage;
using LuceneDirectory = Lucene.Net.Store.Directory;

namespace Zhiku.Core.Indexing;

/// <summary>
/// The Lucene.Net full-text index of one knowledge base (BM25, k1 = 0.9, b = 0.4). It is derived data: the
/// metadata store is the source of truth and the index is repaired or rebuilt from it. Thread-safe; one
/// process at a time may write (Lucene's write lock).
/// </summary>
public sealed class FullTextIndex : IDisposable
{
    // k1 = 0.9, b = 0.4: the usual setting for passage-length documents (Anserini/Pyserini's defaults); chunks are
    // passages of similar length, so less length normalisation and earlier term saturation than the 1.2/0.75 of
    // whole documents. Better on all four shared sets (docs/benchmarks.md, "Keyword side").
    private static readonly Similarity Bm25 = new BM25Similarity(0.9f, 0.4f);
    private readonly LuceneDirectory directory;
    private readonly LuceneFieldAnalyzer analyzer;
    private readonly KeywordQueryBuilder queryBuilder;
    private readonly System.Threading.Lock gate = new();
    private IndexWriter? writer;
    private DirectoryReader? reader;

    /// <param name="folder">The index folder.</param>
    /// <param name="termAnalyzer">How text becomes terms (a knowledge base's user dictionary lives here); the shared one by default.</param>
    /// <param name="encryption">How index files are stored: encrypted under the store key, or plain (the default).</param>
    public FullTextIndex(string folder, TermAnalyzer? termAnalyzer = null, Security.IAtRestEncryption? encryption = null)
    {
        termAnalyzer ??= TermAnalyzer.Shared;
        analyzer = new LuceneFieldAnalyzer(termAnalyzer);
        queryBuilder = new KeywordQueryBuilder(termAnalyzer);
        Folder = folder;
        System.IO.Directory.CreateDirectory(folder);
        directory = (encryption ?? Security.PlainStorage.Instance).WrapIndexDirectory(FSDirectory.Open(folder));
    }

    /// <summary>The index folder.</summary>
    public string Folder { get; }

    /// <summary>True when the folder holds a readable index commit.</summary>
    public bool HasValidCommit()
    {
        try
        {
            return DirectoryReader.IndexExists(directory);
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
        lock (gate)
        {
            writer?.Commit();
        }
    }

    /// <summary>The best chunks for a raw user text; empty when the text has no searchable term. Chunks of
    /// documents whose policy is forbidden are never returned (filtered inside the query, before top-k).</summary>
    /// <param name="text">Any user text; never parsed as query syntax.</param>
    /// <param name="top">How many chunks to return.</param>
    /// <param name="excludedDocIds">Documents whose chunks must not match (unreadable for the caller); applied inside
    /// the query, so the top <paramref name="top"/> are taken among the remaining chunks only.</param>
    public IReadOnlyList<KeywordHit> Search(string text, int top, IReadOnlyCollection<long>? excludedDocIds = null)
    {
        if (top <= 0)
        {
            return [];
        }

        return WithSearcher(searcher =>
        {
            IndexReader reader = searcher.IndexReader;
            int total = Math.Max(1, reader.NumDocs);
            Query? query = queryBuilder.Build(text, term => reader.DocFreq(term) / (double)total);
            if (query is null)
            {
                return [];
            }

            IReadOnlyList<KeywordHit> hits = Search(searcher, query, top, excludedDocIds);
            // Fewer hits than asked for: the content terms are rare, so the common question words that were left
            // out fill the rest, as they did before (and the full query is cheap enough when so little matches).
            if (hits.Count < top && queryBuilder.Build(text) is { } full && !full.Equals(query))
            {
                hits = Search(searcher, full, top, excludedDocIds);
            }

            return hits;
        }, []);
    }

    private static IReadOnlyList<KeywordHit> Search(IndexSearcher searcher, Query query, int top, IReadOnlyCollection<long>? excludedDocIds)
    {
        query = new BooleanQuery
        {
            { query, Occur.MUST },
            { new TermQuery(new Term(IndexField.Policy, Storage.DataPolicy.Forbidden)), Occur.MUST_NOT },
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

        TopDocs docs = searcher.Search(query, top);
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

    /// <summary>Number of chunks in the last committed or written view.</summary>
    public int Count => WithSearcher(searcher => searcher.IndexReader.NumDocs, 0);

    /// <summary>Runs <paramref name="use"/> on a current searcher whose reader stays open for the call even when a
    /// concurrent refresh replaces it (reference counted: searches run while ingestion commits).</summary>
    private T WithSearcher<T>(Func<IndexSearcher, T> use, T empty)
    {
        IndexSearcher? searcher;
        lock (gate)
        {
            searcher = Searcher();
            searcher?.IndexReader.IncRef();
        }

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
            searcher.IndexReader.DecRef();
        }
    }

    private IndexSearcher? Searcher()
    {
        lock (gate)
        {
            if (reader is null)
            {
                if (writer is not null)
                {
                    reader = DirectoryReader.Open(writer, applyAllDeletes: true);
                }
                else if (HasValidCommit())
                {
                    reader = DirectoryReader.Open(directory);
                }
                else
                {
                    return null;
                }
            }
            else
            {
                DirectoryReader? changed = writer is not null
                    ? DirectoryReader.OpenIfChanged(reader, writer, applyAllDeletes: true)
                    : DirectoryReader.OpenIfChanged(reader);
                if (changed is not null)
                {
                    reader.Dispose();
                    reader = changed;
                }
            }

            return new IndexSearcher(reader) { Similarity = Bm25 };
        }
    }

    private IndexWriter Writer()
    {
        lock (gate)
        {
            if (writer is null)
            {
                var config = new IndexWriterConfig(LuceneVersion.LUCENE_48, analyzer)
                {
                    Similarity = Bm25,
                    OpenMode = OpenMode.CREATE_OR_APPEND,
                    RAMBufferSizeMB = 64,
                };
                try
                {
                    writer = new IndexWriter(directory, config);
                }
                catch (LockObtainFailedException ex)
                {
                    throw new UserInputException(
                        "the knowledge base is being written by another Zhiku process (ingest or serve); wait for it or stop it / 另一个 Zhiku 进程正在写入该知识库", ex);
                }
            }

            return writer;
        }
    }

    public void Dispose()
    {
        lock (gate)
        {
            reader?.Dispose();
            writer?.Dispose();
            directory.Dispose();
            analyzer.Dispose();
        }
    }
}
