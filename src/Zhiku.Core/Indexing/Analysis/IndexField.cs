namespace Zhiku.Core.Indexing.Analysis;

/// <summary>The analysed fields of a chunk in the full-text index.</summary>
public static class IndexField
{
    /// <summary>Words: jieba search-mode segmentation for Chinese, stemmed English, codes as typed.</summary>
    public const string Words = "w";

    /// <summary>Overlapping Chinese character bigrams plus unstemmed Latin words and codes (catches names and
    /// out-of-vocabulary words, and Traditional text that the word dictionary does not know).</summary>
    public const string Bigrams = "bg";

    /// <summary>Document title and heading path, analysed as bigrams.</summary>
    public const string Title = "title";

    /// <summary>Stored, not analysed: the chunk's row id in the store.</summary>
    public const string ChunkId = "chunk_id";

    /// <summary>Not stored, not analysed: the document's own data policy (absent when it inherits).</summary>
    public const string Policy = "policy";

    /// <summary>Stored, not analysed: the document's row id, used to delete a document's chunks.</summary>
    public const string DocId = "doc_id";
}
