using System.Text.RegularExpressions;
using Zhiku.Core.Text;

namespace Zhiku.Core.Answering.Citations;

/// <summary>
/// Citation markers as models write them: [1], [1,2], [1, 3], [1-3], [1–3], [1][2], 【1】, ［1］, full-width digits.
/// </summary>
public static partial class CitationMarkers
{
    /// <summary>Ranges wider than this are not citations (e.g. [1-2024] is a year span).</summary>
    private const int MaxRangeWidth = 20;

    [GeneratedRegex("[\\[【［]\\s*(?:来源|source)?\\s*(?<body>[0-9０-９]{1,3}(?:\\s*[-–~,，、]\\s*[0-9０-９]{1,3})*)\\s*[\\]】］]", RegexOptions.IgnoreCase)]
    private static partial Regex Marker();

    /// <summary>A marker found in a text.</summary>
    /// <param name="Start">Offset of the opening bracket.</param>
    /// <param name="Length">Length including brackets.</param>
    /// <param name="Numbers">Source numbers it cites, in order, without duplicates; empty when malformed.</param>
    public sealed record Found(int Start, int Length, IReadOnlyList<int> Numbers);

    /// <summary>
    /// Splits an answer into sentences with <see cref="SentenceSplitter"/>'s rules, keeping a citation marker written
    /// after the full stop with the sentence it cites, because models write both "…年假[1]。" and "…年假。[1]".
    /// Returns the sentences with their offsets into <paramref name="text"/>; blank stretches are skipped.
    /// </summary>
    public static IReadOnlyList<(int Start, string Text)> SplitSentences(string text) =>
        SentenceSplitter.Split(text, 0, text.Length, MarkerEndAt)
            .Select(s => (s.Start, text[s.Start..s.End]))
            .ToList();

    /// <summary>Every marker in <paramref name="text"/>, in order.</summary>
    public static IReadOnlyList<Found> Find(string text)
    {
        var found = new List<Found>();
        foreach (Match m in Marker().Matches(text))
        {
            found.Add(new Found(m.Index, m.Length, Parse(m.Groups["body"].Value)));
        }

        return found;
    }

    /// <summary>The end of a marker starting exactly at <paramref name="index"/>, or <paramref name="index"/> when none does.</summary>
    public static int MarkerEndAt(string text, int index)
    {
        if (index >= text.Length || text[index] is not ('[' or '【' or '［'))
        {
            return index;
        }

        Match m = Marker().Match(text, index);
        return m.Success && m.Index == index ? index + m.Length : index;
    }

    /// <summary>Removes all markers and the spaces before them.</summary>
    public static string Strip(string text)
    {
        string stripped = Marker().Replace(text, "");
        return Regex.Replace(stripped, "[ \\t]+([。，；！？,.;!?])", "$1").Trim();
    }

    private static List<int> Parse(string body)
    {
        string ascii = new(body.Select(c => c is >= '０' and <= '９' ? (char)('0' + (c - '０')) : c).ToArray());
        var numbers = new List<int>();
        foreach (string part in Regex.Split(ascii, "\\s*[,，、]\\s*"))
        {
            string[] range = Regex.Split(part, "\\s*[-–~]\\s*");
            if (range.Length == 1 && int.TryParse(range[0], out int single))
            {
                Add(numbers, single);
            }
            else if (range.Length == 2 && int.TryParse(range[0], out int from) && int.TryParse(range[1], out int to) && to >= from && to - from <= MaxRangeWidth)
            {
                for (int n = from; n <= to; n++)
                {
                    Add(numbers, n);
                }
            }
            else
            {
                return [];
            }
        }

        return numbers;
    }

    private static void Add(List<int> numbers, int n)
    {
        if (!numbers.Contains(n))
        {
            numbers.Add(n);
        }
    }
}
