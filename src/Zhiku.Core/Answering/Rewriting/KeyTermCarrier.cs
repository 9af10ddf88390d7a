using System.Text.RegularExpressions;
using Zhiku.Core.Answering.Citations;

namespace Zhiku.Core.Answering.Rewriting;

/// <summary>
/// Deterministic follow-up rewriting for chats without a model: a question that leans on the previous one
/// ("那试用期呢？", "what about interns?") gets the previous question's key terms appended, so retrieval sees the
/// topic; a self-contained question passes unchanged.
/// </summary>
public static partial class KeyTermCarrier
{
    // Question words and particles carry no topic; everything else in the previous question is kept.
    [GeneratedRegex("请问|可不可以|是不是|能不能|会不会|有没有|是否|能否|可以|什么|怎么样|怎么|怎样|如何|哪些|哪个|哪里|哪儿|多少|多久|几个|几天|为什么|为何|谁|吗|呢|吧|啊|呀|么")]
    private static partial Regex ChineseQuestionWords();

    [GeneratedRegex("^(?:那么|那|还有|另外|此外|然后|再问一下|再问|那如果|如果是)")]
    private static partial Regex ChineseLead();

    [GeneratedRegex("^(?:and\\s+|also\\s+|so\\s+)?(?:what|how)\\s+about\\s+|^and\\s+|^also\\s+|^what\\s+if\\s+", RegexOptions.IgnoreCase)]
    private static partial Regex EnglishLead();

    [GeneratedRegex("(?:它|它们|他|她|他们|这个|那个|这些|那些|该|其|此)|\\b(?:it|its|they|them|their|this|that|these|those|he|she|his|her)\\b", RegexOptions.IgnoreCase)]
    private static partial Regex Pronoun();

    private static readonly HashSet<string> EnglishStopWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "what", "how", "which", "who", "whom", "when", "where", "why", "is", "are", "was", "were", "do", "does", "did", "can",
        "could", "should", "would", "will", "may", "might", "must", "the", "a", "an", "of", "to", "in", "on", "for", "and",
        "or", "i", "we", "you", "it", "there", "be", "have", "has", "about", "please", "tell", "me",
    };

    /// <summary>True when <paramref name="question"/> reads as leaning on an earlier one.</summary>
    public static bool LooksLikeFollowUp(string question)
    {
        string q = question.Trim();
        if (q.Length == 0)
        {
            return false;
        }

        bool chinese = TextTerms.HanShare(q) >= 0.2;
        if (chinese)
        {
            int han = q.Count(TextTerms.IsHan);
            return ChineseLead().IsMatch(q) || (q.TrimEnd('？', '?', '。', ' ').EndsWith('呢') && han <= 12) || han <= 4 || (Pronoun().IsMatch(q) && han <= 12);
        }

        int words = q.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        return EnglishLead().IsMatch(q) || words <= 3 || (Pronoun().IsMatch(q) && words <= 8);
    }

    /// <summary>The follow-up with the previous question's key terms appended; unchanged when it is self-contained.</summary>
    public static string Rewrite(string previousQuestion, string followUp)
    {
        string current = followUp.Trim();
        if (string.IsNullOrWhiteSpace(previousQuestion) || !LooksLikeFollowUp(current))
        {
            return current;
        }

        string focus = Focus(current);
        IEnumerable<string> carried = KeyTerms(previousQuestion)
            .Where(term => !focus.Contains(term, StringComparison.OrdinalIgnoreCase));
        string joined = string.Join(' ', carried);
        return (focus.Length == 0 ? joined : $"{focus} {joined}").Trim();
    }

    /// <summary>The topic words of a question: without question words, particles and punctuation.</summary>
    public static IReadOnlyList<string> KeyTerms(string question)
    {
        string text = ChineseQuestionWords().Replace(question, " ");
        var terms = new List<string>();
        foreach (string piece in Regex.Split(text, "[\\s\\p{P}\\p{S}]+"))
        {
            if (piece.Length == 0 || EnglishStopWords.Contains(piece) || (piece.Length == 1 && !TextTerms.IsHan(piece[0])))
            {
                continue;
            }

            if (!terms.Contains(piece, StringComparer.OrdinalIgnoreCase))
            {
                terms.Add(piece);
            }
        }

        return terms;
    }

    private static string Focus(string followUp)
    {
        string text = ChineseLead().Replace(followUp, "");
        text = EnglishLead().Replace(text, "");
        text = Pronoun().Replace(text, " ");
        return string.Join(' ', KeyTerms(text));
    }
}
