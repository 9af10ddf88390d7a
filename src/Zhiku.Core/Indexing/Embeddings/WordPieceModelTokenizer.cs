using Microsoft.ML.Tokenizers;

namespace Zhiku.Core.Indexing.Embeddings;

/// <summary>BERT WordPiece vocabulary (vocab.txt): <c>[CLS] a [SEP]</c> and <c>[CLS] a [SEP] b [SEP]</c> with segment ids 0/1.</summary>
internal sealed class WordPieceModelTokenizer : ModelTokenizer
{
    private readonly BertTokenizer _tokenizer;

    private WordPieceModelTokenizer(BertTokenizer tokenizer) => _tokenizer = tokenizer;

    public static WordPieceModelTokenizer Create(Stream vocab, bool lowerCase, bool stripAccents)
    {
        var options = new BertOptions
        {
            LowerCaseBeforeTokenization = lowerCase,
            RemoveNonSpacingMarks = stripAccents,
            IndividuallyTokenizeCjk = true,
            ApplyBasicTokenization = true,
        };
        return new WordPieceModelTokenizer(BertTokenizer.Create(vocab, options));
    }

    public override int PaddingId => _tokenizer.PaddingTokenId;

    protected override int SingleOverhead => 2;

    protected override int PairOverhead => 3;

    protected override List<int> EncodeWithoutSpecials(string text) =>
        [.. _tokenizer.EncodeToIds(text, addSpecialTokens: false)];

    protected override EncodedText BuildSingle(List<int> ids)
    {
        var all = new int[ids.Count + 2];
        all[0] = _tokenizer.ClassificationTokenId;
        ids.CopyTo(all, 1);
        all[^1] = _tokenizer.SeparatorTokenId;
        return new EncodedText(all, new int[all.Length]);
    }

    protected override EncodedText BuildPair(List<int> first, List<int> second)
    {
        var all = new int[first.Count + second.Count + 3];
        var types = new int[all.Length];
        all[0] = _tokenizer.ClassificationTokenId;
        first.CopyTo(all, 1);
        all[first.Count + 1] = _tokenizer.SeparatorTokenId;
        second.CopyTo(all, first.Count + 2);
        all[^1] = _tokenizer.SeparatorTokenId;
        for (int i = first.Count + 2; i < all.Length; i++)
        {
            types[i] = 1;
        }

        return new EncodedText(all, types);
    }
}
