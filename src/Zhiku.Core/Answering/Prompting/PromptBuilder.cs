using System.Globalization;
using System.Text;

namespace Zhiku.Core.Answering.Prompting;

/// <summary>
/// Builds the answer prompt: the template's instructions, the sources numbered [n] with their title, heading and
/// page, and the question, within a token budget. Sources go in rank order; the first one that does not fit whole
/// is cut at a sentence end if a useful part fits, and the rest are left out. Nothing but the template, the given
/// sources and the question is put in the prompt.
/// </summary>
public sealed class PromptBuilder
{
    /// <summary>Below this many tokens a cut source is not worth including.</summary>
    private const int MinimumCutTokens = 48;

    private readonly PromptTokenCounter _counter;

    public PromptBuilder(PromptTokenCounter? counter = null) => _counter = counter ?? PromptTokenCounter.Default;

    /// <summary>Builds the prompt.</summary>
    /// <param name="question">The (standalone) question.</param>
    /// <param name="sources">Retrieved chunks in rank order, numbered by the caller.</param>
    /// <param name="template">A knowledge base's template, or null for the built-in one in the question's language.</param>
    /// <param name="contextTokens">Budget for the whole prompt.</param>
    /// <param name="notFoundText">Configured not-found text, or null for the built-in one.</param>
    public BuiltPrompt Build(string question, IReadOnlyList<SourcePassage> sources, PromptTemplate? template, int contextTokens, string? notFoundText)
    {
        AnswerLanguage language = AnswerLanguages.Detect(question);
        template ??= PromptTemplate.BuiltIn(language);
        string notFound = AnswerLanguages.NotFoundText(language, notFoundText);

        // A 10,000-character question must not push every source out.
        string boundedQuestion = _counter.Truncate(question.Trim(), Math.Max(64, contextTokens / 4));
        (string? emptySystem, string emptyUser) = template.Render("", boundedQuestion, notFound);
        int remaining = contextTokens - _counter.Count(emptySystem ?? "") - _counter.Count(emptyUser);

        var included = new List<SourcePassage>();
        var blocks = new StringBuilder();
        foreach (SourcePassage source in sources)
        {
            string header = Header(source, language);
            string block = header + "\n" + source.Text.Trim() + "\n\n";
            int cost = _counter.Count(block);
            if (cost <= remaining)
            {
                blocks.Append(block);
                included.Add(source);
                remaining -= cost;
                continue;
            }

            int room = remaining - _counter.Count(header + "\n\n\n");
            if (room >= MinimumCutTokens || included.Count == 0)
            {
                string cut = _counter.Truncate(source.Text.Trim(), Math.Max(room, MinimumCutTokens));
                blocks.Append(header).Append('\n').Append(cut).Append("\n\n");
                included.Add(source with { Text = cut });
            }

            break;
        }

        (string? system, string user) = template.Render(blocks.ToString().TrimEnd(), boundedQuestion, notFound);
        int tokens = _counter.Count(system ?? "") + _counter.Count(user);
        return new BuiltPrompt(system, user, included, tokens, language, notFound, sources.Count - included.Count);
    }

    /// <summary>The line that introduces a source: "[n] 标题：… | 章节：… | 第 p 页".</summary>
    public static string Header(SourcePassage source, AnswerLanguage language)
    {
        var parts = new List<string>();
        bool zh = language == AnswerLanguage.Chinese;
        if (!string.IsNullOrWhiteSpace(source.Title))
        {
            parts.Add((zh ? "标题：" : "Title: ") + OneLine(source.Title));
        }

        if (!string.IsNullOrWhiteSpace(source.Heading))
        {
            parts.Add((zh ? "章节：" : "Section: ") + OneLine(source.Heading));
        }

        if (source.Page is { } page)
        {
            parts.Add(zh ? string.Create(CultureInfo.InvariantCulture, $"第 {page} 页") : string.Create(CultureInfo.InvariantCulture, $"Page {page}"));
        }

        string n = source.N.ToString(CultureInfo.InvariantCulture);
        return parts.Count == 0 ? $"[{n}]" : $"[{n}] {string.Join(" | ", parts)}";
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim();
}
