using Zhiku.Core.Text;

namespace Zhiku.Core.Answering;

/// <summary>Fixed user-facing texts of answers, in the question's language.</summary>
public static class AnswerTexts
{
    /// <summary>True when a text is mainly Chinese (any CJK ideograph counts).</summary>
    public static bool IsChinese(string text) => text.Any(CjkText.IsCjk);

    /// <summary>The not-found answer.</summary>
    public static string NotFound(string question) =>
        IsChinese(question) ? "知识库中没有找到相关内容。" : "Not found in the knowledge base.";
}
