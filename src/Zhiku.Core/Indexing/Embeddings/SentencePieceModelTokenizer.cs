using Microsoft.ML.Tokenizers;

namespace Zhiku.Core.Indexing.Embeddings;

/// <summary>
/// XLM-RoBERTa style SentencePiece vocabulary (bge-m3, multilingual-e5, bge-reranker): <c>&lt;s&gt; a &lt;/s&gt;</c> and
/// <c>&lt;s&gt; a &lt;/s&gt;&lt;/s&gt; b &lt;/s&gt;</c>, all segment ids 0 (RoBERTa has a single token type).
/// </summary>
internal sealed class SentencePieceModelTokenizer : ModelTokenizer
{
    private readonly SentencePieceTokenizer _tokenizer;
    private readonly int _bosId;
    private readonly int _eosId;
    private readonly int _padId;

    public SentencePieceModelTokenizer(SentencePieceTokenizer tokenizer, int padId)
    {
        _tokenizer = tokenizer;
        _bosId = tokenizer.BeginningOfSentenceId;
        _eosId = tokenizer.EndOfSentenceId;
        _padId = padId;
    }

    public override int PaddingId => _padId;

    protected override int SingleOverhead => 2;

    protected override int PairOverhead => 4;

    protected override List<int> EncodeWithoutSpecials(string text) =>
        [.. _tokenizer.EncodeToIds(text, addBeginningOfSentence: false, addEndOfSentence: false)];

    protected override EncodedText BuildSingle(List<int> ids)
    {
        var all = new int[ids.Count + 2];
        all[0] = _bosId;
        ids.CopyTo(all, 1);
        all[^1] = _eosId;
        return new EncodedText(all, new int[all.Length]);
    }

    protected override EncodedText BuildPair(List<int> first, List<int> second)
    {
        var all = new int[first.Count + second.Count + 4];
        all[0] = _bosId;
        first.CopyTo(all, 1);
        all[first.Count + 1] = _eosId;
        all[first.Count + 2] = _eosId;
        second.CopyTo(all, first.Count + 3);
        all[^1] = _eosId;
        return new EncodedText(all, new int[all.Length]);
    }
}
