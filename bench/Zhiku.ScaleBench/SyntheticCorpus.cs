using System.Text;
using System.Text.Json;

namespace Zhiku.Bench;

/// <summary>
/// Chunks generated from the shared eval sets' passages: each is a run of one passage's sentences (starting at a
/// different sentence each round) plus one sentence of another passage, cut to fit one chunk, so texts are real
/// language, mostly distinct, and mixed Chinese and English like the sets.
/// </summary>
internal sealed class SyntheticCorpus
{
    private readonly List<(string Title, string[] Sentences)> _passages = [];

    public SyntheticCorpus(string evalRoot)
    {
        foreach (string set in new[] { "cmrc2018", "xquad_zh", "xquad_en", "covidqa" })
        {
            foreach (string line in File.ReadLines(Path.Combine(evalRoot, set, "corpus.jsonl")))
            {
                using var doc = JsonDocument.Parse(line);
                string text = doc.RootElement.GetProperty("text").GetString() ?? "";
                string title = doc.RootElement.TryGetProperty("title", out var t) ? t.GetString() ?? "" : "";
                string[] sentences = Split(text);
                if (sentences.Length > 0)
                {
                    _passages.Add((title, sentences));
                }
            }
        }
    }

    public int Passages => _passages.Count;

    /// <summary>The i-th synthetic chunk (title, text of at most <paramref name="maxChars"/> characters).</summary>
    public (string Title, string Text) Chunk(int i, int maxChars = 450)
    {
        var (title, sentences) = _passages[i % _passages.Count];
        int round = i / _passages.Count;
        var text = new StringBuilder();
        for (int k = 0; k < sentences.Length && text.Length < maxChars / 2; k++)
        {
            text.Append(sentences[(round + k) % sentences.Length]);
        }

        var other = _passages[(int)((i * 7919L + 13) % _passages.Count)].Sentences;
        text.Append(' ').Append(other[round % other.Length]);
        string s = text.ToString();
        return (title, s.Length > maxChars ? s[..maxChars] : s);
    }

    private static string[] Split(string text)
    {
        var list = new List<string>();
        int start = 0;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            bool end = c is '。' or '！' or '？' or '\n' || (c is '.' or '!' or '?' && (i + 1 == text.Length || text[i + 1] == ' '));
            if (end || i + 1 == text.Length)
            {
                string sentence = text[start..(i + 1)].Trim();
                if (sentence.Length > 0)
                {
                    list.Add(sentence + (sentence.Length > 0 && sentence[^1] < 0x3000 ? " " : ""));
                }

                start = i + 1;
            }
        }

        return [.. list];
    }
}
