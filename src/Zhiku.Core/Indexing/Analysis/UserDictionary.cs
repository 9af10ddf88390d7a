using System.Security.Cryptography;
using System.Text;
using Zhiku.Core.Text;

namespace Zhiku.Core.Indexing.Analysis;

/// <summary>
/// A knowledge base's own domain terms (drug, statute and product names), one a line in a text file. jieba.NET's
/// dictionary is process-wide, so instead of changing it the terms are found by a trie over the normalised text and
/// added as whole-word tokens beside jieba's words: a term the segmenter cuts apart (奥司他韦 → 奥司/他/韦) still matches
/// as one word, for this knowledge base only.
/// </summary>
public sealed class UserDictionary
{
    private readonly Node _root = new();

    private UserDictionary(IReadOnlyList<string> terms)
    {
        Terms = terms;
        foreach (string term in terms)
        {
            Node node = _root;
            foreach (char c in term)
            {
                node = node.Children.TryGetValue(c, out Node? next) ? next : node.Children[c] = new Node();
            }

            node.Term = term;
        }

        Fingerprint = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', terms))))[..16];
    }

    /// <summary>The normalised terms, sorted.</summary>
    public IReadOnlyList<string> Terms { get; }

    /// <summary>Identifies the term list: the full-text index is rebuilt when it changes.</summary>
    public string Fingerprint { get; }

    /// <summary>
    /// Reads a term file: UTF-8, one term a line; blank lines and lines starting with # are ignored; a jieba-style
    /// line "term 10 n" (frequency and tag) gives its first field.
    /// </summary>
    /// <exception cref="ZhikuException">The file cannot be read.</exception>
    public static UserDictionary Load(string path)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw ZhikuException.InvalidInput($"user_dictionary: cannot read {path} ({ex.Message}) / 无法读取用户词典 {path}", innerException: ex);
        }

        return FromTerms(lines.Select(ParseLine).OfType<string>());
    }

    /// <summary>A dictionary from terms given directly.</summary>
    public static UserDictionary FromTerms(IEnumerable<string> terms) =>
        new(terms.Select(t => TextNormalizer.Normalize(t.Trim())).Where(t => t.Length >= 2).Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal).ToList());

    /// <summary>Every occurrence of a term in normalised text (overlapping ones too); Latin terms only as whole words.</summary>
    public IEnumerable<(int Start, string Term)> Matches(string normalized)
    {
        for (int start = 0; start < normalized.Length; start++)
        {
            if (start > 0 && IsLatin(normalized[start]) && IsLatin(normalized[start - 1]))
            {
                continue;
            }

            Node node = _root;
            for (int i = start; i < normalized.Length && node.Children.TryGetValue(normalized[i], out Node? next); i++)
            {
                node = next;
                if (node.Term is { } term && (i + 1 == normalized.Length || !IsLatin(normalized[i]) || !IsLatin(normalized[i + 1])))
                {
                    yield return (start, term);
                }
            }
        }
    }

    private static bool IsLatin(char c) => TextNormalizer.IsWordChar(c);

    private static string? ParseLine(string line)
    {
        string text = line.Trim();
        if (text.Length == 0 || text.StartsWith('#'))
        {
            return null;
        }

        int tab = text.IndexOf('\t', StringComparison.Ordinal);
        if (tab > 0)
        {
            return text[..tab];
        }

        string[] fields = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return fields.Length is 2 or 3 && int.TryParse(fields[1], out _) ? fields[0] : text;
    }

    private sealed class Node
    {
        public Dictionary<char, Node> Children { get; } = [];

        public string? Term { get; set; }
    }
}
