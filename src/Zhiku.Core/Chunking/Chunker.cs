using Zhiku.Core.Documents;
using Zhiku.Core.Text;

namespace Zhiku.Core.Chunking;

/// <summary>
/// Cuts a document into chunks that respect its structure: a heading, a page change or a table row always
/// starts a new chunk; within a section, paragraphs are packed up to the target size, split between
/// sentences, never inside one unless a single sentence is over the limit. A table row is never split across
/// chunks unless it alone is over <see cref="ChunkingOptions.MaxChars"/>: then it is cut between cells into
/// column groups (each cell carries its header, "价格: 8,600元", so every group keeps its headers). Chunks are
/// exact spans of the document text, so a citation can point back to the characters it quotes.
/// </summary>
public sealed class Chunker
{
    private readonly ChunkingOptions _options;

    public Chunker(ChunkingOptions? options = null)
    {
        this._options = options ?? ChunkingOptions.Default;
    }

    /// <summary>Chunks a document; an empty document gives no chunks.</summary>
    public IReadOnlyList<TextChunk> Chunk(ExtractedDocument document)
    {
        List<Segment> segments = SplitIntoSegments(document);
        var chunks = new List<TextChunk>();
        int first = 0;
        while (first < segments.Count)
        {
            int last = first;
            while (last + 1 < segments.Count && !segments[last + 1].StartsChunk
                && segments[last + 1].End - segments[first].Start <= _options.TargetChars)
            {
                last++;
            }

            Segment head = segments[first];
            int start = head.Start;
            int end = segments[last].End;
            chunks.Add(new TextChunk(chunks.Count, start, end, document.Text[start..end], head.HeadingPath, head.Page));
            first = NextStart(segments, first, last);
        }

        return chunks;
    }

    /// <summary>Where the next chunk starts: after <paramref name="last"/>, stepping back over trailing
    /// sentences of the same section that fit in the overlap.</summary>
    private int NextStart(List<Segment> segments, int first, int last)
    {
        int next = last + 1;
        if (next >= segments.Count || segments[next].StartsChunk || _options.OverlapChars <= 0)
        {
            return next;
        }

        int candidate = next;
        while (candidate - 1 > first && !segments[candidate - 1].StartsChunk
            && segments[last].End - segments[candidate - 1].Start <= _options.OverlapChars)
        {
            candidate--;
        }

        return candidate;
    }

    private List<Segment> SplitIntoSegments(ExtractedDocument document)
    {
        var segments = new List<Segment>();
        int? previousPage = null;
        bool afterRow = false;
        foreach (TextBlock block in document.Blocks)
        {
            bool newPage = block.Page != previousPage && segments.Count > 0;
            bool startsChunk = block.Kind is BlockKind.Heading or BlockKind.Row || newPage || afterRow;
            previousPage = block.Page;
            afterRow = block.Kind == BlockKind.Row;
            if (block.Kind == BlockKind.Row)
            {
                foreach ((int s, int e) in ColumnGroups(document.Text, block.Start, block.End))
                {
                    segments.Add(new Segment(s, e, true, block.HeadingPath, block.Page));
                }

                continue;
            }

            foreach ((int start, int end) in SentenceSplitter.Split(document.Text, block.Start, block.End))
            {
                foreach ((int s, int e) in CutLong(document.Text, start, end))
                {
                    segments.Add(new Segment(s, e, startsChunk, block.HeadingPath, block.Page));
                    startsChunk = false;
                }
            }
        }

        return segments;
    }

    /// <summary>
    /// A row as one span when it fits in <see cref="ChunkingOptions.MaxChars"/>, else cut between cells ("; " or
    /// " | ") into groups of at most <see cref="ChunkingOptions.TargetChars"/>; a single cell over the limit is cut
    /// like a long sentence. A million-column CSV row so becomes many chunks of bounded size, not one.
    /// </summary>
    private IEnumerable<(int Start, int End)> ColumnGroups(string text, int start, int end)
    {
        if (end - start <= _options.MaxChars)
        {
            yield return (start, end);
            yield break;
        }

        int groupStart = start;
        int groupEnd = start;
        int cellStart = start;
        while (cellStart < end)
        {
            int cellEnd = NextCellEnd(text, cellStart, end);
            if (cellEnd - groupStart > _options.TargetChars && groupEnd > groupStart)
            {
                yield return (groupStart, groupEnd);
                groupStart = cellStart;
            }

            if (cellEnd - groupStart > _options.MaxChars)
            {
                foreach (var piece in CutLong(text, groupStart, cellEnd))
                {
                    yield return piece;
                }

                groupStart = SkipSeparator(text, cellEnd, end);
                groupEnd = groupStart;
                cellStart = groupStart;
                continue;
            }

            groupEnd = cellEnd;
            cellStart = SkipSeparator(text, cellEnd, end);
        }

        if (groupEnd > groupStart)
        {
            yield return (groupStart, groupEnd);
        }
    }

    /// <summary>Where the cell starting at <paramref name="start"/> ends: at the next "; " or " | ", else the row's end.</summary>
    private static int NextCellEnd(string text, int start, int end)
    {
        for (int i = start; i + 1 < end; i++)
        {
            if ((text[i] == ';' && text[i + 1] == ' ') || (text[i] == ' ' && text[i + 1] == '|' && i + 2 < end && text[i + 2] == ' '))
            {
                return i;
            }
        }

        return end;
    }

    /// <summary>Past the cell separator ("; " or " | ") at <paramref name="position"/> and the spaces after it.</summary>
    private static int SkipSeparator(string text, int position, int end)
    {
        if (position < end && text[position] == ';')
        {
            position++;
        }
        else if (position + 1 < end && text[position] == ' ' && text[position + 1] == '|')
        {
            position += 2;
        }

        while (position < end && char.IsWhiteSpace(text[position]))
        {
            position++;
        }

        return position;
    }

    /// <summary>Cuts a sentence over the limit at a comma or space near the target, else hard.</summary>
    private IEnumerable<(int Start, int End)> CutLong(string text, int start, int end)
    {
        while (end - start > _options.MaxChars)
        {
            int limit = start + _options.TargetChars;
            int cut = -1;
            for (int i = limit; i > start + _options.TargetChars / 2; i--)
            {
                if (text[i - 1] is '，' or ',' or '、' or ' ' or '：' or ':')
                {
                    cut = i;
                    break;
                }
            }

            if (cut < 0)
            {
                cut = char.IsHighSurrogate(text[limit - 1]) ? limit + 1 : limit;
            }

            yield return (start, cut);
            start = cut;
            while (start < end && char.IsWhiteSpace(text[start]))
            {
                start++;
            }
        }

        if (end > start)
        {
            yield return (start, end);
        }
    }

    private readonly record struct Segment(int Start, int End, bool StartsChunk, string HeadingPath, int? Page);
}
