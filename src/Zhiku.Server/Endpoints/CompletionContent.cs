using System.Globalization;
using System.Text;
using Zhiku.Core.Answering;
using Zhiku.Core.Answering.Citations;
using Zhiku.Core.Text;

namespace Zhiku.Server.Endpoints;

/// <summary>
/// The <c>content</c> of an OpenAI-compatible completion, honest on its own: clients such as Open WebUI and the
/// OpenAI SDKs show only this text, so every sentence the citation check found unsupported carries an inline mark
/// (in the question's language) and the text ends with the numbered sources its markers point to.
/// </summary>
internal static class CompletionContent
{
    /// <summary>The inline mark after an unsupported sentence of a Chinese question.</summary>
    public const string UnsupportedZh = CitationCheckResult.UnsupportedMarkZh;

    /// <summary>The inline mark after an unsupported sentence of an English question.</summary>
    public const string UnsupportedEn = CitationCheckResult.UnsupportedMarkEn;

    /// <summary>The whole content: the answer with unsupported sentences marked, then the sources.</summary>
    public static string Render(Answer answer, string question) => Marked(answer, question) + Sources(answer, question);

    /// <summary>The answer text with every unsupported sentence followed by the mark in the question's language.</summary>
    public static string Marked(Answer answer, string question)
    {
        if (answer.Sentences.Count == 0)
        {
            return answer.Text;
        }

        string mark = AnswerTexts.IsChinese(question) ? UnsupportedZh : UnsupportedEn;
        var text = new StringBuilder();
        foreach (CheckedSentence sentence in answer.Sentences)
        {
            if (text.Length > 0 && !sentence.Text.Any(CjkText.IsCjk))
            {
                text.Append(' ');
            }

            text.Append(sentence.Text);
            foreach (int n in sentence.Citations)
            {
                text.Append('[').Append(n).Append(']');
            }

            if (!sentence.Supported)
            {
                text.Append(mark);
            }
        }

        return text.ToString();
    }

    /// <summary>The numbered source list (title, heading, page and the quote), or the closest documents when
    /// nothing was found; empty when there is neither.</summary>
    public static string Sources(Answer answer, string question)
    {
        bool chinese = AnswerTexts.IsChinese(question);
        var text = new StringBuilder();
        if (answer.Citations.Count > 0)
        {
            text.Append(chinese ? "\n\n来源：" : "\n\nSources:");
            foreach (Citation c in answer.Citations)
            {
                string where = CitationLocation.Format(c.Title, c.Heading, c.Page);
                text.Append(CultureInfo.InvariantCulture, $"\n[{c.N}] {c.Title}{where}: “{c.Quote.Trim()}”");
            }
        }
        else if (answer.Closest.Count > 0)
        {
            text.Append(chinese ? "\n\n最相近的文档：" : "\n\nClosest documents:");
            foreach (RelatedDocument d in answer.Closest)
            {
                text.Append(CultureInfo.InvariantCulture, $"\n- {d.Title}");
            }
        }

        return text.ToString();
    }
}
