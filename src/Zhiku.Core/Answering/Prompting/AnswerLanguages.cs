using Zhiku.Core.Answering.Citations;

namespace Zhiku.Core.Answering.Prompting;

/// <summary>Detects the question's language and holds the built-in texts per language.</summary>
public static class AnswerLanguages
{
    /// <summary>Built-in not-found text in Chinese (the extractive answer uses the same words).</summary>
    public const string NotFoundZh = "知识库中没有找到相关内容。";

    /// <summary>Built-in not-found text in English.</summary>
    public const string NotFoundEn = "Not found in the knowledge base.";

    /// <summary>Chinese when at least a fifth of the question's letters are Chinese characters ("ACE2 是什么" is Chinese).</summary>
    public static AnswerLanguage Detect(string question) =>
        TextTerms.HanShare(question) >= 0.2 ? AnswerLanguage.Chinese : AnswerLanguage.English;

    /// <summary>The configured not-found text, else the built-in one in <paramref name="language"/>.</summary>
    public static string NotFoundText(AnswerLanguage language, string? configured) =>
        configured ?? (language == AnswerLanguage.Chinese ? NotFoundZh : NotFoundEn);
}
