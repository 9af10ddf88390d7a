namespace Zhiku.Core.Indexing.Analysis;

/// <summary>
/// Question words, particles and function words that carry little meaning in a query (什么, 哪, 吗, what, how…).
/// They stay in the query at a low weight, so a question made only of them still matches something.
/// </summary>
public static class QuestionWords
{
    /// <summary>Query weight of a question word relative to a content term.</summary>
    public const float Weight = 0.1f;

    private static readonly HashSet<string> Words = new(StringComparer.Ordinal)
    {
        // Chinese question words, particles and very common function words
        "什么", "什幺", "甚么", "啥", "哪", "哪里", "哪儿", "哪个", "哪些", "哪一", "哪位", "谁", "怎么", "怎样", "怎么样", "如何",
        "为什么", "为何", "何时", "何地", "何", "几", "多少", "多久", "多长", "吗", "呢", "吧", "啊", "呀", "么", "嘛",
        "的", "了", "是", "在", "有", "和", "与", "及", "或", "就", "都", "也", "还", "被", "把", "对", "中", "上",
        "请问", "请", "能否", "是否", "可否", "一下", "这个", "那个", "这", "那", "其", "之", "以", "于", "而",
        "我", "我们", "你", "你们", "他", "她", "它", "他们",
        "需要", "需", "要", "应该", "应", "可以", "能", "能够", "多长", "多长时间", "什么时候", "几时", "怎么办",
        "能不能", "可不可以", "是不是", "有没有", "要不要", "几天", "多少天", "多少钱", "哪天", "请教",
        // English
        "what", "which", "who", "whom", "whose", "when", "where", "why", "how", "is", "are", "was", "were", "be",
        "been", "do", "does", "did", "the", "a", "an", "of", "to", "in", "on", "at", "for", "and", "or", "by",
        "with", "from", "as", "that", "this", "these", "those", "it", "its", "can", "could", "would", "should",
        "will", "shall", "may", "there", "name", "i", "you", "we", "they", "he", "she", "my", "your", "our",
        "their", "his", "her", "me", "us", "them", "about", "into", "than", "then", "if", "not", "no",
    };

    /// <summary>True when a folded term is a question word or particle.</summary>
    public static bool Contains(string term) => Words.Contains(term);
}
