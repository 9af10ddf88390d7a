namespace Zhiku.Core.Indexing.Embeddings;

/// <summary>
/// Turns text into the token ids a BERT-family ONNX model expects, special tokens included. One
/// implementation per vocabulary kind (WordPiece, SentencePiece); the ONNX runners do not care which.
/// </summary>
internal abstract class ModelTokenizer
{
    /// <summary>Id used to pad a batch to the longest row.</summary>
    public abstract int PaddingId { get; }

    /// <summary>Encodes one text as <c>[CLS] text [SEP]</c> (or the model's equivalent), at most <paramref name="maxTokens"/> ids.</summary>
    public EncodedText Encode(string text, int maxTokens)
    {
        var ids = EncodeWithoutSpecials(text);
        int room = Math.Max(0, maxTokens - SingleOverhead);
        if (ids.Count > room)
        {
            ids.RemoveRange(room, ids.Count - room);
        }

        return BuildSingle(ids);
    }

    /// <summary>
    /// Encodes a (query, passage) pair for a cross-encoder, truncating the longer side first as Hugging Face's
    /// "longest_first" strategy does, so a long passage cannot push the query out.
    /// </summary>
    public EncodedText EncodePair(string first, string second, int maxTokens)
    {
        var a = EncodeWithoutSpecials(first);
        var b = EncodeWithoutSpecials(second);
        int room = Math.Max(0, maxTokens - PairOverhead);
        while (a.Count + b.Count > room)
        {
            var longer = a.Count > b.Count ? a : b;
            longer.RemoveAt(longer.Count - 1);
        }

        return BuildPair(a, b);
    }

    /// <summary>Ids of the text without any special tokens.</summary>
    protected abstract List<int> EncodeWithoutSpecials(string text);

    /// <summary>Number of special tokens around a single text.</summary>
    protected abstract int SingleOverhead { get; }

    /// <summary>Number of special tokens around a pair.</summary>
    protected abstract int PairOverhead { get; }

    protected abstract EncodedText BuildSingle(List<int> ids);

    protected abstract EncodedText BuildPair(List<int> first, List<int> second);
}

/// <summary>Token ids and the segment (token type) of each id.</summary>
internal sealed record EncodedText(int[] Ids, int[] TypeIds);
