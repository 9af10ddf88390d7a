using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;

namespace Zhiku.Core.Indexing.Analysis;

/// <summary>Adapts <see cref="TermAnalyzer"/> to Lucene so the index holds exactly the terms queries are built from.</summary>
public sealed class LuceneFieldAnalyzer : Analyzer
{
    private readonly TermAnalyzer _analyzer;

    public LuceneFieldAnalyzer(TermAnalyzer analyzer)
        : base(PER_FIELD_REUSE_STRATEGY)
    {
        this._analyzer = analyzer;
    }

    protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader) =>
        new(new AnalyzedTokenizer(reader, text => _analyzer.Analyze(text, fieldName, weighQuestionWords: false)));

    private sealed class AnalyzedTokenizer : Tokenizer
    {
        private readonly Func<string, IReadOnlyList<AnalyzedToken>> _analyze;
        private readonly ICharTermAttribute _termAttribute;
        private readonly IPositionIncrementAttribute _positionAttribute;
        private IReadOnlyList<AnalyzedToken> _tokens = [];
        private int _next;
        private int _lastPosition;

        public AnalyzedTokenizer(TextReader reader, Func<string, IReadOnlyList<AnalyzedToken>> analyze)
            : base(reader)
        {
            this._analyze = analyze;
            _termAttribute = AddAttribute<ICharTermAttribute>();
            _positionAttribute = AddAttribute<IPositionIncrementAttribute>();
        }

        public override bool IncrementToken()
        {
            ClearAttributes();
            if (_next >= _tokens.Count)
            {
                return false;
            }

            AnalyzedToken token = _tokens[_next++];
            _termAttribute.SetEmpty().Append(token.Term);
            _positionAttribute.PositionIncrement = _next == 1 ? 1 : Math.Max(0, token.Position - _lastPosition);
            _lastPosition = token.Position;
            return true;
        }

        public override void Reset()
        {
            base.Reset();
            _tokens = _analyze(m_input.ReadToEnd());
            _next = 0;
            _lastPosition = 0;
        }
    }
}
