using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;

namespace Zhiku.Core.Indexing.Analysis;

/// <summary>Adapts <see cref="TermAnalyzer"/> to Lucene so the index holds exactly the terms queries are built from.</summary>
public sealed class LuceneFieldAnalyzer : Analyzer
{
    private readonly TermAnalyzer analyzer;

    public LuceneFieldAnalyzer(TermAnalyzer analyzer)
        : base(PER_FIELD_REUSE_STRATEGY)
    {
        this.analyzer = analyzer;
    }

    protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader) =>
        new(new AnalyzedTokenizer(reader, text => analyzer.Analyze(text, fieldName, weighQuestionWords: false)));

    private sealed class AnalyzedTokenizer : Tokenizer
    {
        private readonly Func<string, IReadOnlyList<AnalyzedToken>> analyze;
        private readonly ICharTermAttribute termAttribute;
        private readonly IPositionIncrementAttribute positionAttribute;
        private IReadOnlyList<AnalyzedToken> tokens = [];
        private int next;
        private int lastPosition;

        public AnalyzedTokenizer(TextReader reader, Func<string, IReadOnlyList<AnalyzedToken>> analyze)
            : base(reader)
        {
            this.analyze = analyze;
            termAttribute = AddAttribute<ICharTermAttribute>();
            positionAttribute = AddAttribute<IPositionIncrementAttribute>();
        }

        public override bool IncrementToken()
        {
            ClearAttributes();
            if (next >= tokens.Count)
            {
                return false;
            }

            AnalyzedToken token = tokens[next++];
            termAttribute.SetEmpty().Append(token.Term);
            positionAttribute.PositionIncrement = next == 1 ? 1 : Math.Max(0, token.Position - lastPosition);
            lastPosition = token.Position;
            return true;
        }

        public override void Reset()
        {
            base.Reset();
            tokens = analyze(m_input.ReadToEnd());
            next = 0;
            lastPosition = 0;
        }
    }
}
