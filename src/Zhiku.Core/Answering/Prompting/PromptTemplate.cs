using System.Text.RegularExpressions;

namespace Zhiku.Core.Answering.Prompting;

/// <summary>
/// A prompt template: an optional system message and a user message with placeholders <c>{{sources}}</c> and
/// <c>{{question}}</c> (both required) and <c>{{not_found}}</c>. In a file, a line <c>[system]</c> starts the
/// system message and a line <c>[user]</c> the user message; a file without them is one user message.
/// </summary>
public sealed partial record PromptTemplate(string? System, string User, string Origin)
{
    public const string SourcesPlaceholder = "{{sources}}";
    public const string QuestionPlaceholder = "{{question}}";
    public const string NotFoundPlaceholder = "{{not_found}}";

    [GeneratedRegex("\\{\\{\\s*([^{}]*?)\\s*\\}\\}")]
    private static partial Regex Placeholder();

    /// <summary>The built-in template for <paramref name="language"/>.</summary>
    public static PromptTemplate BuiltIn(AnswerLanguage language) =>
        Parse(language == AnswerLanguage.Chinese ? BuiltInTemplates.Chinese : BuiltInTemplates.English,
            language == AnswerLanguage.Chinese ? "built-in (zh)" : "built-in (en)");

    /// <summary>Reads a template file (UTF-8).</summary>
    /// <exception cref="ZhikuException">The file is missing, unreadable or lacks a required placeholder.</exception>
    public static PromptTemplate Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw ZhikuException.InvalidInput(
                $"Prompt template {path} cannot be read ({ex.Message}); fix answering.prompt_template in zhiku.json. / 无法读取提示词模板 {path}（{ex.Message}），请修正 zhiku.json 中的 answering.prompt_template。", innerException: ex);
        }

        return Parse(text, path);
    }

    /// <summary>Parses template text; <paramref name="origin"/> names it in errors.</summary>
    /// <exception cref="ZhikuException">A required placeholder is missing or an unknown one is used.</exception>
    public static PromptTemplate Parse(string text, string origin)
    {
        string? system = null;
        var user = new List<string>();
        List<string>? current = user;
        var systemLines = new List<string>();
        bool sawSection = false;
        foreach (string line in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            string marker = line.Trim().ToLowerInvariant();
            if (marker == "[system]")
            {
                current = systemLines;
                sawSection = true;
                continue;
            }

            if (marker == "[user]")
            {
                current = user;
                sawSection = true;
                continue;
            }

            current.Add(line);
        }

        if (sawSection && systemLines.Count > 0)
        {
            system = string.Join('\n', systemLines).Trim();
        }

        string userText = string.Join('\n', user).Trim();
        string all = (system ?? "") + "\n" + userText;
        foreach (Match m in Placeholder().Matches(all))
        {
            string name = "{{" + m.Groups[1].Value + "}}";
            if (name is not (SourcesPlaceholder or QuestionPlaceholder or NotFoundPlaceholder))
            {
                throw ZhikuException.InvalidInput(
                    $"Prompt template {origin}: unknown placeholder {m.Value}; use {SourcesPlaceholder}, {QuestionPlaceholder} or {NotFoundPlaceholder}. / 提示词模板 {origin} 中的占位符 {m.Value} 无效，可用：{SourcesPlaceholder}、{QuestionPlaceholder}、{NotFoundPlaceholder}。");
            }
        }

        foreach (string required in new[] { SourcesPlaceholder, QuestionPlaceholder })
        {
            if (!userText.Contains(required, StringComparison.Ordinal))
            {
                throw ZhikuException.InvalidInput(
                    $"Prompt template {origin}: the user part must contain {required}; add it where the {(required == SourcesPlaceholder ? "numbered sources" : "question")} should go. / 提示词模板 {origin} 的 user 部分必须包含 {required}，请在相应位置加上。");
            }
        }

        return new PromptTemplate(system, userText, origin);
    }

    /// <summary>Fills the placeholders.</summary>
    public (string? System, string User) Render(string sources, string question, string notFound)
    {
        string Fill(string text) => Placeholder().Replace(text, m => ("{{" + m.Groups[1].Value + "}}") switch
        {
            SourcesPlaceholder => sources,
            QuestionPlaceholder => question,
            _ => notFound,
        });

        return (System is null ? null : Fill(System), Fill(User));
    }
}
