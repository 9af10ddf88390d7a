using Zhiku.Core.Storage;

namespace Zhiku.Core.Indexing;

/// <summary>
/// The Lucene full-text index as an <see cref="IChunkIndex"/>. Its terms depend on the analysis (the user
/// dictionary), so a stamp of the analysis is kept beside the index and a changed one asks for a rebuild.
/// </summary>
public sealed class FullTextChunkIndex : IChunkIndex
{
    private readonly FullTextIndex _index;
    private readonly string _analysisStamp;
    private readonly string _stampPath;

    /// <param name="index">The full-text index (not owned).</param>
    /// <param name="analysisStamp">What the analysis is made of now, e.g. "user_dictionary=none".</param>
    public FullTextChunkIndex(FullTextIndex index, string analysisStamp)
    {
        _index = index;
        _analysisStamp = analysisStamp;
        _stampPath = Path.Combine(index.Folder, "analysis.txt");
    }

    /// <summary>The indexed chunks visible to searches.</summary>
    public int Count => _index.Count;

    /// <inheritdoc/>
    public bool NeedsRebuild()
    {
        string? stamp = ReadStamp();
        // An index from before stamps were written was made without a user dictionary.
        bool analysisChanged = stamp is null ? _analysisStamp != "user_dictionary=none" : stamp != _analysisStamp;
        return !_index.HasValidCommit() || analysisChanged;
    }

    /// <inheritdoc/>
    public void Clear() => _index.DeleteAll();

    /// <inheritdoc/>
    public void RemoveDocuments(IReadOnlyCollection<long> docIds) => _index.DeleteDocuments(docIds);

    /// <inheritdoc/>
    public void AddChunks(IReadOnlyList<ChunkRecord> chunks) => _index.AddChunks(chunks);

    /// <inheritdoc/>
    public void Commit()
    {
        _index.Commit();
        WriteStamp();
    }

    /// <summary>Records the current analysis once the index holds its terms (or nothing).</summary>
    internal void WriteStamp()
    {
        if (ReadStamp() != _analysisStamp)
        {
            File.WriteAllText(_stampPath, _analysisStamp);
        }
    }

    private string? ReadStamp() => File.Exists(_stampPath) ? File.ReadAllText(_stampPath) : null;
}
