using System.Text;
using System.Text.RegularExpressions;
using Markdig;
using Markdig.Extensions.Tables;
using Markdig.Extensions.Yaml;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using Zhiku.Core.Text;

namespace Zhiku.Core.Documents;

/// <summary>
/// Markdown files (Markdig, CommonMark with pipe tables): headings become heading blocks and the heading path
/// of what follows; markup is stripped to plain text; table rows become row blocks with their header as context.
/// </summary>
public sealed partial class MarkdownParser : IDocumentParser
{
    private const char SoftBreak = '\u0001';

    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UsePipeTables()
        .UseGridTables()
        .UseYamlFrontMatter()
        .UseEmphasisExtras()
        .Build();

    /// <inheritdoc />
    public IReadOnlyCollection<string> Extensions { get; } = [".md", ".markdown"];

    /// <inheritdoc />
    private readonly int _maxDepth;

    /// <summary>A parser with the default nesting limit.</summary>
    public MarkdownParser() : this(new DocumentReaderOptions()) { }

    /// <summary>A parser with the nesting limit of <paramref name="options"/>.</summary>
    public MarkdownParser(DocumentReaderOptions options) => _maxDepth = options.MaxNestingDepth;

    /// <inheritdoc />
    public async Task<IReadOnlyList<ExtractedDocument>> ParseAsync(Stream content, string fileName, CancellationToken cancellationToken = default)
    {
        var bytes = await ParserInput.ReadAllAsync(content, cancellationToken).ConfigureAwait(false);
        if (bytes.Length == 0)
        {
            return ParserInput.None;
        }

        var markdown = TextFileDecoder.Decode(bytes, fileName).Text;
        if (NestingDepth.Markdown(markdown, _maxDepth) > _maxDepth)
        {
            // Markdig nests a block per quote marker or indentation level (50,000 '>' threw, 5,000 nested list
            // levels ran past five minutes): read such a file as plain paragraphs instead.
            var flat = new ExtractedTextBuilder();
            flat.AddParagraphs(markdown);
            return ParserInput.One(flat.Build(null, ParserInput.TitleFromFileName(fileName), "md"));
        }

        var walker = new Walker();
        walker.Walk(Markdown.Parse(markdown, Pipeline));
        return ParserInput.One(walker.Builder.Build(null, walker.Title ?? ParserInput.TitleFromFileName(fileName), "md"));
    }

    private sealed class Walker
    {
        private readonly HeadingTrail _trail = new();

        public ExtractedTextBuilder Builder { get; } = new();

        public string? Title { get; private set; }

        private int _titleLevel = int.MaxValue;

        public void Walk(ContainerBlock container)
        {
            foreach (var block in container)
            {
                switch (block)
                {
                    case YamlFrontMatterBlock or ThematicBreakBlock or LinkReferenceDefinitionGroup:
                        break;
                    case HeadingBlock heading:
                        AddHeading(heading);
                        break;
                    case Table table:
                        AddTable(table);
                        break;
                    case ContainerBlock inner:
                        Walk(inner);
                        break;
                    case HtmlBlock html:
                        Builder.Add(StripTags(html.Lines.ToString()), BlockKind.Paragraph, _trail.Path);
                        break;
                    case LeafBlock leaf when leaf.Inline is not null:
                        Builder.Add(InlineText(leaf.Inline), BlockKind.Paragraph, _trail.Path);
                        break;
                    case LeafBlock leaf:
                        Builder.Add(leaf.Lines.ToString(), BlockKind.Paragraph, _trail.Path);
                        break;
                }
            }
        }

        private void AddHeading(HeadingBlock heading)
        {
            var text = heading.Inline is null ? "" : InlineText(heading.Inline).Trim();
            if (text.Length == 0)
            {
                return;
            }

            // The document title is its highest-level heading, the first one at that level.
            if (heading.Level < _titleLevel)
            {
                Title = text;
                _titleLevel = heading.Level;
            }

            Builder.Add(text, BlockKind.Heading, _trail.Enter(heading.Level, text));
        }

        private void AddTable(Table table)
        {
            List<string>? header = null;
            foreach (var row in table.OfType<TableRow>())
            {
                var cells = row.OfType<TableCell>().Select(CellText).ToList();
                if (header is null && row.IsHeader)
                {
                    header = cells;
                    Builder.Add(string.Join(" | ", cells.Where(c => c.Length > 0)), BlockKind.Row, _trail.Path);
                    continue;
                }

                Builder.Add(RowText.WithHeader(header ?? [], cells), BlockKind.Row, _trail.Path);
            }
        }

        private static string CellText(TableCell cell)
        {
            var parts = cell.OfType<LeafBlock>().Select(l => l.Inline is null ? l.Lines.ToString() : InlineText(l.Inline));
            return string.Join(' ', parts).Trim();
        }
    }

    private static string InlineText(ContainerInline inline)
    {
        var sb = new StringBuilder();
        Append(inline, sb);

        // Soft line breaks join wrapped lines: nothing between Chinese text, a space between words.
        var parts = sb.ToString().Split(SoftBreak);
        var text = parts[0];
        for (var i = 1; i < parts.Length; i++)
        {
            text = CjkText.JoinWrapped(text.TrimEnd(' '), parts[i].TrimStart(' '));
        }

        return text;
    }

    private static void Append(ContainerInline container, StringBuilder sb)
    {
        foreach (var inline in container)
        {
            switch (inline)
            {
                case LiteralInline literal:
                    sb.Append(literal.Content.AsSpan());
                    break;
                case CodeInline code:
                    sb.Append(code.Content);
                    break;
                case LineBreakInline lineBreak:
                    sb.Append(lineBreak.IsHard ? '\n' : SoftBreak);
                    break;
                case AutolinkInline autolink:
                    sb.Append(autolink.Url);
                    break;
                case HtmlEntityInline entity:
                    sb.Append(entity.Transcoded.AsSpan());
                    break;
                case ContainerInline inner:
                    Append(inner, sb);
                    break;
            }
        }
    }

    private static string StripTags(string html) =>
        System.Net.WebUtility.HtmlDecode(TagPattern().Replace(CommentPattern().Replace(html, ""), " "));

    [GeneratedRegex("<!--.*?-->", RegexOptions.Singleline)]
    private static partial Regex CommentPattern();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex TagPattern();
}
