using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Writer;

namespace Zhiku.SampleGenerator;

/// <summary>
/// Writes headings and paragraphs to an A4 PDF with wrapping, page breaks and a "第 N 页 共 M 页" footer.
/// </summary>
/// <remarks>
/// PdfPig writes TrueType fonts as simple fonts, which hold at most 255 distinct characters, so the same font
/// is embedded several times and each character is assigned to one of the copies.
/// </remarks>
internal sealed class PdfTextWriter
{
    private const double Margin = 60;
    private const double BodySize = 11;
    private const double LineGap = 1.6;
    private const int CharsPerFont = 240;

    private readonly List<(string Text, double Size, double SpaceBefore)> _items = [];

    public void Heading(string text, double size = 15) => _items.Add((text, size, size * 1.2));

    public void Paragraph(string text) => _items.Add((text, BodySize, BodySize * 0.9));

    public byte[] Build(byte[] font, string title)
    {
        var pages = Layout();
        var builder = new PdfDocumentBuilder { IncludeDocumentInformation = true };
        builder.DocumentInformation.Title = title;
        builder.DocumentInformation.Producer = "Zhiku SampleGenerator";
        var fonts = new FontSlots(builder, font);
        for (var p = 0; p < pages.Count; p++)
        {
            var page = builder.AddPage(PageSize.A4);
            foreach (var (text, size, y) in pages[p])
            {
                fonts.Write(page, text, size, new PdfPoint(Margin, y));
            }

            var footer = $"第 {p + 1} 页 共 {pages.Count} 页";
            fonts.Write(page, footer, 9, new PdfPoint((595 - (footer.Length * 6)) / 2, 36));
        }

        return builder.Build();
    }

    private List<List<(string Text, double Size, double Y)>> Layout()
    {
        const double top = 842 - Margin;
        const double bottom = Margin + 20;
        const double width = 595 - (2 * Margin);
        var pages = new List<List<(string, double, double)>> { new() };
        var y = top;
        foreach (var (text, size, spaceBefore) in _items)
        {
            var lines = Wrap(text, size, width);
            y -= pages[^1].Count == 0 ? 0 : spaceBefore;
            for (var i = 0; i < lines.Count; i++)
            {
                // A heading never ends a page: it moves to the next one with its first body line.
                var needed = size * LineGap * (size > BodySize && i == 0 ? 3 : 1);
                if (y - needed < bottom)
                {
                    pages.Add([]);
                    y = top;
                }

                y -= size * LineGap;
                pages[^1].Add((lines[i], size, y));
            }
        }

        return pages;
    }

    private static List<string> Wrap(string text, double size, double width)
    {
        var lines = new List<string>();
        var line = new System.Text.StringBuilder();
        double used = 0;
        foreach (var token in Tokens(text))
        {
            var w = token.Sum(c => (c > 0x2E80 ? 1.0 : 0.55) * size);

            // Like a real typesetter: Latin words and numbers stay whole, and closing punctuation never
            // starts a line.
            var closing = token.Length == 1 && "，。、；：？！）”》".Contains(token[0], StringComparison.Ordinal);
            if (used + w > width && line.Length > 0 && !closing)
            {
                lines.Add(line.ToString().TrimEnd());
                line.Clear();
                used = 0;
                if (token == " ")
                {
                    continue;
                }
            }

            line.Append(token);
            used += w;
        }

        if (line.Length > 0)
        {
            lines.Add(line.ToString());
        }

        return lines;
    }

    private static IEnumerable<string> Tokens(string text)
    {
        var start = 0;
        while (start < text.Length)
        {
            var end = start + 1;
            if (text[start] <= 0x2E80 && text[start] != ' ')
            {
                while (end < text.Length && text[end] <= 0x2E80 && text[end] != ' ')
                {
                    end++;
                }
            }

            yield return text[start..end];
            start = end;
        }
    }

    private sealed class FontSlots(PdfDocumentBuilder builder, byte[] font)
    {
        private readonly List<(PdfDocumentBuilder.AddedFont Font, HashSet<char> Chars)> _slots = [];

        public void Write(PdfPageBuilder page, string text, double size, PdfPoint position)
        {
            var x = position.X;
            var start = 0;
            while (start < text.Length)
            {
                var slot = SlotOf(text[start]);
                var end = start + 1;
                while (end < text.Length && SlotOf(text[end]) == slot)
                {
                    end++;
                }

                var letters = page.AddText(text[start..end], size, new PdfPoint(x, position.Y), _slots[slot].Font);
                x = letters[^1].EndBaseLine.X;
                start = end;
            }
        }

        private int SlotOf(char c)
        {
            for (var i = 0; i < _slots.Count; i++)
            {
                if (_slots[i].Chars.Contains(c))
                {
                    return i;
                }
            }

            var free = _slots.FindIndex(s => s.Chars.Count < CharsPerFont);
            if (free < 0)
            {
                _slots.Add((builder.AddTrueTypeFont(font), []));
                free = _slots.Count - 1;
            }

            _slots[free].Chars.Add(c);
            return free;
        }
    }
}
