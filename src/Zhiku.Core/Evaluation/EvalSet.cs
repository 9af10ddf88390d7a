using System.Text.Json;

namespace Zhiku.Core.Evaluation;

/// <summary>A question with its gold answers and relevant document ids.</summary>
public sealed record EvalQuery(string Id, string Text, IReadOnlyList<string> Answers, IReadOnlySet<string> Relevant);

/// <summary>A corpus record: id, title, text.</summary>
public sealed record EvalPassage(string Id, string Title, string Text);

/// <summary>
/// Reads the shared eval format (../shared/eval/README.md): corpus.jsonl, queries.jsonl, qrels.tsv.
/// Bad lines are <see cref="ZhikuException"/>s naming the file and line.
/// </summary>
public static class EvalSet
{
    public static IEnumerable<EvalPassage> ReadCorpus(string path)
    {
        foreach ((int line, JsonElement element) in ReadJsonLines(path))
        {
            string id = RequiredString(element, "id", path, line);
            string text = RequiredString(element, "text", path, line);
            string title = element.TryGetProperty("title", out JsonElement t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : "";
            yield return new EvalPassage(id, title, text);
        }
    }

    public static List<EvalQuery> ReadQueries(string queriesPath, string qrelsPath)
    {
        var relevant = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        int lineNumber = 0;
        foreach (string line in ReadLines(qrelsPath))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            string[] parts = line.Split('\t');
            if (parts.Length < 2)
            {
                throw ZhikuException.InvalidInput($"{qrelsPath}:{lineNumber}: expected query_id<TAB>doc_id<TAB>relevance / qrels 格式错误");
            }

            if (parts.Length >= 3 && parts[2].Trim() == "0")
            {
                continue;
            }

            if (!relevant.TryGetValue(parts[0], out HashSet<string>? set))
            {
                relevant[parts[0]] = set = new HashSet<string>(StringComparer.Ordinal);
            }

            set.Add(parts[1].Trim());
        }

        var queries = new List<EvalQuery>();
        foreach ((int line, JsonElement element) in ReadJsonLines(queriesPath))
        {
            string id = RequiredString(element, "id", queriesPath, line);
            string text = RequiredString(element, "text", queriesPath, line);
            var answers = new List<string>();
            if (element.TryGetProperty("answers", out JsonElement a) && a.ValueKind == JsonValueKind.Array)
            {
                answers.AddRange(a.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!));
            }

            if (relevant.TryGetValue(id, out HashSet<string>? rel))
            {
                queries.Add(new EvalQuery(id, text, answers, rel));
            }
        }

        return queries;
    }

    private static IEnumerable<(int Line, JsonElement Element)> ReadJsonLines(string path)
    {
        int lineNumber = 0;
        foreach (string line in ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            JsonElement element;
            try
            {
                using JsonDocument document = JsonDocument.Parse(line);
                element = document.RootElement.Clone();
            }
            catch (JsonException ex)
            {
                throw ZhikuException.InvalidInput($"{path}:{lineNumber}: not valid JSON ({ex.Message}) / 第 {lineNumber} 行不是有效的 JSON", innerException: ex);
            }

            yield return (lineNumber, element);
        }
    }

    private static IEnumerable<string> ReadLines(string path)
    {
        if (!File.Exists(path))
        {
            throw ZhikuException.NotFound($"file not found: {path} / 文件不存在", path);
        }

        return File.ReadLines(path);
    }

    private static string RequiredString(JsonElement element, string name, string path, int line)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out JsonElement value))
        {
            throw ZhikuException.InvalidInput($"{path}:{line}: missing field \"{name}\" / 缺少字段 \"{name}\"");
        }

        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString()!,
            JsonValueKind.Number => value.GetRawText(),
            _ => throw ZhikuException.InvalidInput($"{path}:{line}: field \"{name}\" must be a string / 字段 \"{name}\" 须为字符串"),
        };
    }
}
