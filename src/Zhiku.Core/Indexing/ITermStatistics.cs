namespace Zhiku.Core.Indexing;

/// <summary>
/// Term statistics of one knowledge base's index: how many chunks hold a word, for weighing a question's words by
/// how rare they are (an extractive answer's IDF weights) without reaching for the knowledge base.
/// <see cref="FullTextIndex"/> implements it.
/// </summary>
public interface ITermStatistics
{
    /// <summary>A view of the index as it is now, for many lookups from one reader; dispose it to release the reader.
    /// An index without a commit gives a view that answers zeros.</summary>
    TermStatisticsView AcquireStatistics();
}
