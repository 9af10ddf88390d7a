using System.Xml;

namespace Zhiku.Core.Documents;

/// <summary>
/// Measures how deeply a file nests, in one linear pass and without building a tree, so files nested past
/// <see cref="DocumentReaderOptions.MaxNestingDepth"/> never reach a library that recurses (a stack overflow
/// cannot be caught) or scans its open elements per element (quadratic time).
/// </summary>
internal static class NestingDepth
{
    private static readonly HashSet<string> VoidOrImpliedEnd = new(StringComparer.OrdinalIgnoreCase)
    {
        // Void elements never nest; these close themselves implicitly, so counting them would overstate depth.
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr",
        "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "thead", "tbody", "tfoot", "colgroup", "rb", "rt", "rp",
    };

    /// <summary>Deepest nesting of elements in <paramref name="html"/> (an upper bound of the DOM's depth), counted
    /// up to just past <paramref name="limit"/>.</summary>
    public static int Html(string html, int limit)
    {
        int depth = 0, max = 0;
        for (int i = html.IndexOf('<'); i >= 0 && i < html.Length - 1; i = html.IndexOf('<', i + 1))
        {
            bool closing = html[i + 1] == '/';
            int start = closing ? i + 2 : i + 1;
            int end = start;
            while (end < html.Length && char.IsAsciiLetterOrDigit(html[end]))
            {
                end++;
            }

            if (end == start || !char.IsAsciiLetter(html[start]))
            {
                continue;
            }

            if (VoidOrImpliedEnd.Contains(html[start..end]))
            {
                continue;
            }

            if (closing)
            {
                depth = Math.Max(0, depth - 1);
                continue;
            }

            int close = html.IndexOf('>', end);
            if (close > 0 && html[close - 1] == '/')
            {
                continue;
            }

            max = Math.Max(max, ++depth);
            if (max > limit)
            {
                return max;
            }
        }

        return max;
    }

    /// <summary>Deepest block nesting of Markdown, per line: quote markers plus indentation in steps of two
    /// columns (a list level), counted up to just past <paramref name="limit"/>.</summary>
    public static int Markdown(string text, int limit)
    {
        int max = 0, depth = 0, columns = 0;
        bool prefix = true;
        foreach (char c in text)
        {
            if (c == '\n')
            {
                depth = columns = 0;
                prefix = true;
                continue;
            }

            if (!prefix)
            {
                continue;
            }

            switch (c)
            {
                case ' ':
                    columns++;
                    break;
                case '\t':
                    columns += 4;
                    break;
                case '>':
                    depth++;
                    break;
                default:
                    prefix = false;
                    continue;
            }

            max = Math.Max(max, depth + (columns / 2));
            if (max > limit)
            {
                return max;
            }
        }

        return max;
    }

    /// <summary>Deepest element nesting of the XML in <paramref name="xml"/>, read up to just past
    /// <paramref name="limit"/> (a streaming reader: no tree, no recursion).</summary>
    /// <exception cref="XmlException">The XML is malformed.</exception>
    public static int Xml(Stream xml, int limit, long maxCharacters)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, MaxCharactersInDocument = maxCharacters };
        using var reader = XmlReader.Create(xml, settings);
        int max = 0;
        while (reader.Read())
        {
            if (reader.NodeType == XmlNodeType.Element && reader.Depth > max)
            {
                max = reader.Depth;
                if (max > limit)
                {
                    return max;
                }
            }
        }

        return max;
    }

    /// <summary>Deepest nesting of dictionaries and arrays in a PDF's bytes outside its streams, counted up to
    /// just past <paramref name="limit"/>. Nesting inside compressed object streams is not seen; those are
    /// bounded by the worker's limits.</summary>
    public static int Pdf(ReadOnlySpan<byte> pdf, int limit)
    {
        int depth = 0, max = 0;
        for (int i = 0; i < pdf.Length; i++)
        {
            byte b = pdf[i];
            if (b == (byte)'s' && pdf[i..].StartsWith("stream"u8) && (i == 0 || pdf[i - 1] != (byte)'d'))
            {
                int end = pdf[i..].IndexOf("endstream"u8);
                if (end < 0)
                {
                    break;
                }

                i += end + "endstream".Length - 1;
                continue;
            }

            if (b == (byte)'%')
            {
                // A comment runs to the end of the line.
                while (i < pdf.Length && pdf[i] is not ((byte)'\n' or (byte)'\r'))
                {
                    i++;
                }

                continue;
            }

            if ((b == (byte)'<' && i + 1 < pdf.Length && pdf[i + 1] == (byte)'<') || b == (byte)'[')
            {
                i += b == (byte)'<' ? 1 : 0;
                max = Math.Max(max, ++depth);
                if (max > limit)
                {
                    return max;
                }
            }
            else if ((b == (byte)'>' && i + 1 < pdf.Length && pdf[i + 1] == (byte)'>') || b == (byte)']')
            {
                i += b == (byte)'>' ? 1 : 0;
                depth = Math.Max(0, depth - 1);
            }
        }

        return max;
    }
}
