using System.Net;
using System.Text;
using System.Xml;

namespace Zhiku.Core.Documents;

/// <summary>
/// Text out of documents nested too deeply for their tree parsers, in one streaming pass: every paragraph's
/// text is kept, in order, without the structure (headings, rows) a tree would give. Cost is linear in the input
/// and no stack grows with the nesting.
/// </summary>
internal static class FlatTextExtractor
{
    private const string WordNamespace = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
    private const string MarkupCompatibility = "http://schemas.openxmlformats.org/markup-compatibility/2006";

    private static readonly HashSet<string> HtmlBreaks = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "div", "br", "li", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "table",
        "ul", "ol", "blockquote", "pre", "dt", "dd", "header", "footer", "main", "nav", "aside", "hr",
    };

    /// <summary>The paragraphs of a WordprocessingML part (word/document.xml): the text of w:t runs, tabs and
    /// breaks, without fallback copies of drawings.</summary>
    /// <exception cref="XmlException">The XML is malformed.</exception>
    public static void WordParagraphs(Stream documentXml, long maxCharacters, ExtractedTextBuilder builder, CancellationToken cancellationToken)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, MaxCharactersInDocument = maxCharacters };
        using var reader = XmlReader.Create(documentXml, settings);
        var paragraph = new StringBuilder();
        int count = 0;
        reader.MoveToContent();
        while (!reader.EOF)
        {
            if ((++count & 0xFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            if (reader.NodeType == XmlNodeType.Element && reader.NamespaceURI == MarkupCompatibility && reader.LocalName == "Fallback")
            {
                reader.Skip();
                continue;
            }

            if (reader.NodeType == XmlNodeType.Element && reader.NamespaceURI == WordNamespace)
            {
                switch (reader.LocalName)
                {
                    case "t" when !reader.IsEmptyElement:
                        paragraph.Append(reader.ReadElementContentAsString());
                        continue;
                    case "tab":
                        paragraph.Append('\t');
                        break;
                    case "br" or "cr":
                        paragraph.Append('\n');
                        break;
                }
            }
            else if (reader.NodeType == XmlNodeType.EndElement && reader.NamespaceURI == WordNamespace && reader.LocalName is "p" or "tc")
            {
                Flush(paragraph, builder);
            }

            reader.Read();
        }

        Flush(paragraph, builder);
    }

    /// <summary>The text of an HTML document with tags removed (script and style dropped, block tags breaking
    /// paragraphs, entities decoded).</summary>
    public static void HtmlParagraphs(string html, ExtractedTextBuilder builder)
    {
        var text = new StringBuilder();
        int i = 0;
        while (i < html.Length)
        {
            int open = html.IndexOf('<', i);
            if (open < 0)
            {
                text.Append(html, i, html.Length - i);
                break;
            }

            text.Append(html, i, open - i);
            if (html.AsSpan(open).StartsWith("<!--"))
            {
                int endComment = html.IndexOf("-->", open + 4, StringComparison.Ordinal);
                i = endComment < 0 ? html.Length : endComment + 3;
                continue;
            }

            int close = html.IndexOf('>', open + 1);
            if (close < 0)
            {
                break;
            }

            int nameStart = open + 1 + (open + 1 < html.Length && html[open + 1] == '/' ? 1 : 0);
            int nameEnd = nameStart;
            while (nameEnd < close && char.IsAsciiLetterOrDigit(html[nameEnd]))
            {
                nameEnd++;
            }

            string name = html[nameStart..nameEnd];
            i = close + 1;
            if (nameStart == open + 1 && name.ToLowerInvariant() is "script" or "style" or "title" or "template")
            {
                int end = html.IndexOf("</" + name, i, StringComparison.OrdinalIgnoreCase);
                i = end < 0 ? html.Length : end;
                continue;
            }

            if (HtmlBreaks.Contains(name))
            {
                text.Append('\n');
            }
        }

        foreach (string line in text.ToString().Split('\n'))
        {
            var paragraph = new StringBuilder(WebUtility.HtmlDecode(line));
            Flush(paragraph, builder);
        }
    }

    private static void Flush(StringBuilder paragraph, ExtractedTextBuilder builder)
    {
        string text = string.Join(' ', paragraph.ToString().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        paragraph.Clear();
        if (text.Length > 0)
        {
            builder.Add(text, BlockKind.Paragraph);
        }
    }
}
