using Lucene.Net.Tartarus.Snowball.Ext;
using Zhiku.Core.Text;

namespace Zhiku.Core.Indexing.Analysis;

/// <summary>
/// Turns text into index terms for each field, the same way for documents and queries.
/// Chinese: jieba search-mode words (field w) and overlapping character bigrams (field bg/title).
/// Latin: lower-cased words, stemmed in field w. Codes such as ZK-2024-001, v2.3.1, emails and amounts
/// are kept whole as typed (lower-cased) and also split into their parts, so both forms are found.
/// </summary>
public sealed class TermAnalyzer
{
    /// <summary>The analyzer used everywhere; it holds no per-call state.</summary>
    public static readonly TermAnalyzer Shared = new();

    /// <param name="userDictionary">Domain terms added as whole words in the words field; null for none.</param>
    public TermAnalyzer(UserDictionary? userDictionary = null)
    {
        UserDictionary = userDictionary;
    }

    /// <summary>The knowledge base's domain terms, or null.</summary>
    public UserDictionary? UserDictionary { get; }

    private const string Connectors = "-_./:@+#%,";

    [ThreadStatic]
    private static EnglishStemmer? _stemmer;

    /// <summary>Analyzes text for one field (see <see cref="IndexField"/>).</summary>
    /// <param name="text">Any text.</param>
    /// <param name="field">The field whose terms to produce.</param>
    /// <param name="weighQuestionWords">Give question words and particles their low query weight. Indexing does not
    /// need weights and skips the extra segmentation this costs.</param>
    public IReadOnlyList<AnalyzedToken> Analyze(string text, string field, bool weighQuestionWords = true)
    {
        var tokens = new List<AnalyzedToken>();
        if (string.IsNullOrEmpty(text))
        {
            return tokens;
        }

        string normalized = TextNormalizer.Normalize(text);
        bool words = field == IndexField.Words;
        List<(int Offset, int Position)>? runStarts = words && UserDictionary is not null ? [] : null;
        int position = 0;
        int i = 0;
        while (i < normalized.Length)
        {
            char c = normalized[i];
            if (runStarts is not null && (CjkText.IsCjk(c) || TextNormalizer.IsWordChar(c)))
            {
                runStarts.Add((i, position));
            }

            if (CjkText.IsCjk(c))
            {
                int start = i;
                while (i < normalized.Length && CjkText.IsCjk(normalized[i]))
                {
                    i++;
                }

                string run = normalized[start..i];
                position = words ? AddChineseWords(run, position, tokens) : AddChineseBigrams(run, position, weighQuestionWords, tokens);
            }
            else if (TextNormalizer.IsWordChar(c))
            {
                int start = i;
                i = ScanWordRun(normalized, i);
                position = AddLatin(normalized[start..i], position, words, tokens);
            }
            else
            {
                i++;
            }
        }

        if (runStarts is { Count: > 0 })
        {
            AddDictionaryTerms(normalized, runStarts, tokens);
        }

        return tokens;
    }

    /// <summary>Adds each user-dictionary term found in the text at the position of the run it starts in.</summary>
    private void AddDictionaryTerms(string normalized, List<(int Offset, int Position)> runStarts, List<AnalyzedToken> tokens)
    {
        bool added = false;
        foreach ((int start, string term) in UserDictionary!.Matches(normalized))
        {
            int run = runStarts.FindLastIndex(r => r.Offset <= start);
            tokens.Add(new AnalyzedToken(term, run < 0 ? 0 : runStarts[run].Position, 1f));
            added = true;
        }

        if (added)
        {
            // Lucene wants positions in order; a stable sort keeps jieba's order within a position.
            var sorted = tokens.OrderBy(t => t.Position).ToList();
            tokens.Clear();
            tokens.AddRange(sorted);
        }
    }

    private static int ScanWordRun(string text, int i)
    {
        while (i < text.Length)
        {
            if (TextNormalizer.IsWordChar(text[i]))
            {
                i++;
            }
            else if (Connectors.Contains(text[i], StringComparison.Ordinal) && i + 1 < text.Length
                && TextNormalizer.IsWordChar(text[i + 1]) && i > 0 && TextNormalizer.IsWordChar(text[i - 1]))
            {
                i++;
            }
            else
            {
                break;
            }
        }

        return i;
    }

    private static int AddChineseWords(string run, int position, List<AnalyzedToken> tokens)
    {
        foreach (string word in ChineseSegmenter.CutForSearch(run))
        {
            if (word.Length == 0)
            {
                continue;
            }

            float weight = QuestionWords.Contains(word) ? QuestionWords.Weight : 1f;
            tokens.Add(new AnalyzedToken(word, position++, weight));
        }

        return position;
    }

    private static int AddChineseBigrams(string run, int position, bool weighQuestionWords, List<AnalyzedToken> tokens)
    {
        if (run.Length == 1)
        {
            float single = QuestionWords.Contains(run) ? QuestionWords.Weight : 1f;
            tokens.Add(new AnalyzedToken(run, position++, single));
            return position;
        }

        bool[] questionChars = weighQuestionWords ? MarkQuestionChars(run) : new bool[run.Length];
        for (int k = 0; k + 1 < run.Length; k++)
        {
            int quiet = (questionChars[k] ? 1 : 0) + (questionChars[k + 1] ? 1 : 0);
            float weight = quiet switch { 2 => QuestionWords.Weight, 1 => 0.5f, _ => 1f };
            tokens.Add(new AnalyzedToken(run.Substring(k, 2), position++, weight));
        }

        return position;
    }

    /// <summary>Marks characters of a Chinese run that belong to question words or particles.</summary>
    private static bool[] MarkQuestionChars(string run)
    {
        var marks = new bool[run.Length];
        int offset = 0;
        foreach (string word in ChineseSegmenter.Cut(run))
        {
            if (QuestionWords.Contains(word))
            {
                for (int k = offset; k < offset + word.Length && k < marks.Length; k++)
                {
                    marks[k] = true;
                }
            }

            offset += word.Length;
        }

        return marks;
    }

    private static int AddLatin(string run, int position, bool stem, List<AnalyzedToken> tokens)
    {
        bool isCode = false;
        bool hasLetter = false;
        bool hasDigit = false;
        foreach (char ch in run)
        {
            isCode |= Connectors.Contains(ch, StringComparison.Ordinal);
            hasLetter |= char.IsLetter(ch);
            hasDigit |= char.IsDigit(ch);
        }

        if (!isCode)
        {
            string term = stem && hasLetter && !hasDigit ? Stem(run) : run;
            float weight = QuestionWords.Contains(run) ? QuestionWords.Weight : 1f;
            tokens.Add(new AnalyzedToken(term, position++, weight));
            return position;
        }

        // A code stays findable as typed (whole) and by its parts; parts share the code's position.
        tokens.Add(new AnalyzedToken(run, position, 1f));
        foreach (string part in run.Split(Connectors.ToCharArray(), StringSplitOptions.RemoveEmptyEntries))
        {
            if (part.Length > 0 && part != run)
            {
                bool alpha = part.All(char.IsLetter);
                tokens.Add(new AnalyzedToken(stem && alpha ? Stem(part) : part, position, 0.5f));
            }
        }

        return position + 1;
    }

    private static string Stem(string word)
    {
        if (word.Length < 3)
        {
            return word;
        }

        _stemmer ??= new EnglishStemmer();
        _stemmer.SetCurrent(word);
        _stemmer.Stem();
        return _stemmer.Current;
    }
}
