using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using Zhiku.Core.Text;

namespace Zhiku.Core.Documents;

/// <summary>
/// HTML pages (AngleSharp): boilerplate (navigation, scripts, styles, header, footer, aside, forms) is dropped,
/// h1-h6 become headings, table rows become row blocks, the rest paragraphs. The title is the page's
/// &lt;title&gt;, else its first h1. The encoding comes from a byte order mark, then a meta charset, then
/// detection as for text files.
/// </summary>
public sealed partial class HtmlParser : IDocumentParser
{
    private static readonly HashSet<string> Dropped = new(StringComparer.OrdinalIgnoreCase)
    {
        "nav", "script", "style", "header", "footer", "aside", "noscript", "form", "template", "iframe", "svg",
        "button", "select", "textarea", "object", "canvas", "dialog", "menu", "head",
    };

    private static readonly HashSet<string> DroppedRoles = new(StringComparer.OrdinalIgnoreCase)
    {
        "navigation", "banner", "contentinfo", "complementary", "search", "menu", "menubar",
    };

    private static readonly HashSet<string> BlockElements = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "div", "section", "article", "main", "li", "ul", "ol", "dl", "dt", "dd", "blockquote", "figure",
        "figcaption", "address", "hr", "details", "summary", "caption", "center", "body", "html",
    };

    /// <inheritdoc />
    public IReadOnlyCollection<string> Extensions { get; } = [".html", ".htm", ".xhtml"];

    private readonly int _maxDepth;

    /// <summary>A parser with the default nesting limit.</summary>
    public HtmlParser() : this(new DocumentReaderOptions()) { }

    /// <summary>A parser with the nesting limit of <paramref name="options"/>.</summary>
    public HtmlParser(DocumentReaderOptions options) => _maxDepth = options.MaxNestingDepth;

    /// <inheritdoc />
    public async Task<IReadOnlyList<ExtractedDocument>> ParseAsync(Stream content, string fileName, CancellationToken cancellationToken = default)
    {
        var bytes = await ParserInput.ReadAllAsync(content, cancellationToken).ConfigureAwait(false);
        if (bytes.Length == 0)
        {
            return ParserInput.None;
        }

        var html = TextFileDecoder.Decode(bytes, fileName, DeclaredCharset(bytes)).Text;
        if (NestingDepth.Html(html, _maxDepth) > _maxDepth)
        {
            // The tree builder costs time quadratic in the depth and our walk recurses: read the text flat instead.
            var flat = new ExtractedTextBuilder();
            FlatTextExtractor.HtmlParagraphs(html, flat);
            return ParserInput.One(flat.Build(null, ParserInput.TitleFromFileName(fileName), "html"));
        }

        var document = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(html);
        cancellationToken.ThrowIfCancellationRequested();

        var title = Collapse(document.Title ?? "");
        if (title.Length == 0)
        {
            title = document.QuerySelector("h1") is { } h1 ? Collapse(h1.TextContent) : "";
        }

        var walker = new Walker();
        if (document.Body is { } body)
        {
            walker.Walk(body);
        }

        walker.Flush();
        var name = title.Length > 0 ? title : ParserInput.TitleFromFileName(fileName);
        return ParserInput.One(walker.Builder.Build(null, name, "html"));
    }

    /// <summary>The encoding a meta tag in the first 2 KB declares, null when none or when it says UTF-8.</summary>
    private static System.Text.Encoding? DeclaredCharset(byte[] bytes)
    {
        var head = Encoding.ASCII.GetString(bytes, 0, Math.Min(bytes.Length, 2048));
        var match = MetaCharset().Match(head);

        // A page declaring UTF-8 that is not valid UTF-8 is common; auto-detection handles both cases.
        var encoding = match.Success ? TextFileDecoder.FindEncoding(match.Groups[1].Value) : null;
        return encoding is null || encoding.CodePage == Encoding.UTF8.CodePage ? null : encoding;
    }

    private static bool IsDropped(IElement element) =>
        Dropped.Contains(element.LocalName)
        || element.HasAttribute("hidden")
        || string.Equals(element.GetAttribute("aria-hidden"), "true", StringComparison.OrdinalIgnoreCase)
        || (element.GetAttribute("role") is { } role && DroppedRoles.Contains(role));

    /// <summary>Whitespace runs to one space, or to nothing when they only wrap a line next to Chinese text.</summary>
    private static string Collapse(string text)
    {
        var collapsed = Whitespace().Replace(text, m =>
        {
            var before = m.Index > 0 ? text[m.Index - 1] : ' ';
            var after = m.Index + m.Length < text.Length ? text[m.Index + m.Length] : ' ';
            var wraps = m.Value.Contains('\n') && (CjkText.IsWide(before) || CjkText.IsWide(after));
            return wraps ? "" : " ";
        });
        return collapsed.Trim();
    }

    [GeneratedRegex("""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.\-]+)""", RegexOptions.IgnoreCase)]
    private static partial Regex MetaCharset();

    [GeneratedRegex(@"[ \t\r\n\f]+")]
    private static partial Regex Whitespace();

    private sealed class Walker
    {
        private const char LineBreak = '\u0002';
        private readonly HeadingTrail _trail = new();
        private readonly StringBuilder _inline = new();

        public ExtractedTextBuilder Builder { get; } = new();

        public void Walk(INode node)
        {
            foreach (var child in node.ChildNodes)
            {
                if (child is IText text)
                {
                    _inline.Append(text.Data);
                    continue;
                }

                if (child is not IElement element || IsDropped(element))
                {
                    continue;
                }

                var name = element.LocalName.ToLowerInvariant();
                switch (name)
                {
                    case "h1" or "h2" or "h3" or "h4" or "h5" or "h6":
                        Flush();
                        var heading = Collapse(Text(element));
                        if (heading.Length > 0)
                        {
                            Builder.Add(heading, BlockKind.Heading, _trail.Enter(name[1] - '0', heading));
                        }

                        break;
                    case "br":
                        _inline.Append(LineBreak);
                        break;
                    case "pre":
                        Flush();
                        Builder.Add(element.TextContent, BlockKind.Paragraph, _trail.Path);
                        break;
                    case "table":
                        Flush();
                        AddTable(element);
                        break;
                    default:
                        var isBlock = BlockElements.Contains(name);
                        if (isBlock)
                        {
                            Flush();
                        }

                        Walk(element);
                        if (isBlock)
                        {
                            Flush();
                        }

                        break;
                }
            }
        }

        public void Flush()
        {
            var text = Collapse(_inline.ToString());
            _inline.Clear();
            var lines = text.Split(LineBreak).Select(l => l.Trim());
            Builder.Add(string.Join('\n', lines), BlockKind.Paragraph, _trail.Path);
        }

        private void AddTable(IElement table)
        {
            List<string>? header = null;
            var rows = table.QuerySelectorAll("tr").Where(r => r.Closest("table") == table);
            foreach (var row in rows)
            {
                var cells = row.Children.Where(c => c.LocalName is "td" or "th").ToList();
                var texts = cells.Select(c => Collapse(Text(c))).ToList();
                if (header is null && cells.Count > 0 && cells.All(c => c.LocalName == "th"))
                {
                    header = texts;
                    Builder.Add(string.Join(" | ", texts.Where(t => t.Length > 0)), BlockKind.Row, _trail.Path);
                    continue;
                }

                Builder.Add(RowText.WithHeader(header ?? [], texts), BlockKind.Row, _trail.Path);
            }
        }

        /// <summary>The text of an element without its dropped descendants.</summary>
        private static string Text(IElement element)
        {
            var sb = new StringBuilder();
            foreach (var node in element.ChildNodes)
            {
                if (node is IText text)
                {
                    sb.Append(text.Data);
                }
                else if (node is IElement child && !IsDropped(child))
                {
                    sb.Append(child.LocalName == "br" ? " " : Text(child));
                    if (BlockElements.Contains(child.LocalName))
                    {
                        sb.Append(' ');
                    }
                }
            }

            return sb.ToString();
        }
    }
}
