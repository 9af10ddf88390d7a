using System.Text;

namespace Zhiku.Core.Documents;

/// <summary>
/// Builds <see cref="ExtractedDocument.Text"/> block by block so block offsets are exact: line endings become
/// "\n", blocks are trimmed, separated by a blank line (rows by one line break), and blocks with no text dropped.
/// </summary>
internal sealed class ExtractedTextBuilder
{
    private readonly StringBuilder _text = new();
    private readonly List<TextBlock> _blocks = [];

    /// <summary>Number of blocks added so far.</summary>
    public int Count => _blocks.Count;

    /// <summary>Appends a block; whitespace-only text is ignored.</summary>
    public void Add(string text, BlockKind kind, string headingPath = "", int? page = null)
    {
        var clean = Normalize(text);
        if (clean.Length == 0)
        {
            return;
        }

        if (_text.Length > 0)
        {
            var rowAfterRow = kind == BlockKind.Row && _blocks[^1].Kind == BlockKind.Row;
            _text.Append(rowAfterRow ? "\n" : "\n\n");
        }

        _blocks.Add(new TextBlock(_text.Length, clean.Length, kind, headingPath, page));
        _text.Append(clean);
    }

    /// <summary>Appends one paragraph block per run of non-blank lines of <paramref name="text"/>.</summary>
    public void AddParagraphs(string text, string headingPath = "", int? page = null)
    {
        var paragraph = new StringBuilder();
        foreach (var line in text.ReplaceLineEndings("\n").Split('\n'))
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                Add(paragraph.ToString(), BlockKind.Paragraph, headingPath, page);
                paragraph.Clear();
                continue;
            }

            paragraph.Append(line).Append('\n');
        }

        Add(paragraph.ToString(), BlockKind.Paragraph, headingPath, page);
    }

    /// <summary>The document, or null when no block had any text.</summary>
    public ExtractedDocument? Build(string? externalId, string title, string format) =>
        _blocks.Count == 0 ? null : new ExtractedDocument(externalId, title, _text.ToString(), _blocks.ToArray(), format);

    /// <summary>
    /// Line endings to "\n", control characters other than tab and line feed dropped, lines right-trimmed,
    /// the whole trimmed.
    /// </summary>
    internal static string Normalize(string text)
    {
        var sb = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\r')
            {
                if (i + 1 < text.Length && text[i + 1] == '\n')
                {
                    continue;
                }

                c = '\n';
            }
            else if (c is '\u2028' or '\u2029' or '\u0085' or '\f' or '\v')
            {
                c = '\n';
            }
            else if (c == '\uFEFF' || (char.IsControl(c) && c is not ('\n' or '\t')))
            {
                continue;
            }

            if (c == '\n')
            {
                TrimEndSpaces(sb);
            }

            sb.Append(c);
        }

        return sb.ToString().Trim();
    }

    private static void TrimEndSpaces(StringBuilder sb)
    {
        var end = sb.Length;
        while (end > 0 && sb[end - 1] is ' ' or '\t' or '\u3000' or '\u00A0')
        {
            end--;
        }

        sb.Length = end;
    }
}
