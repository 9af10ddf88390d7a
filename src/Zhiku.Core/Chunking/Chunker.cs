using Zhiku.Core.Documents;

namespace Zhiku.Core.Chunking;

/// <summary>
/// Cuts a document into chunks that respect its structure: a heading, a page change or a table row always
/// starts a new chunk; within a section, paragraphs are packed up to the target size, split between
/// sentences, never inside one unless a single sentence is over the limit. Chunks are exact spans of the
/// document text, so a citation can point back to the characters it quotes.
/// </summary>
public sealed class Chunker
{
    private readonly ChunkingOptions options;

    public Chunker(ChunkingOptions? options = null)
    {
        this.options = options ?? ChunkingOptions.Default;
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
                && segments[last + 1].End - segments[first].Start <= options.TargetChars)
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
        if (next >= segments.Count || segments[next].StartsChunk || options.OverlapChars <= 0)
        {
            return next;
        }

        int candidate = next;
        while (candidate - 1 > first && !segments[candidate - 1].StartsChunk
            && segments[last].End - segments[candidate - 1].Start <= options.OverlapChars)
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
                segments.Add(new Segment(block.Start, block.End, true, block.HeadingPath, block.Page));
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

    /// <summary>Cuts a sentence over the limit at a comma or space near the target, else hard.</summary>
    private IEnumerable<(int Start, int End)> CutLong(string text, int start, int end)
    {
        while (end - start > options.MaxChars)
        {
            int limit = start + options.TargetChars;
            int cut = -1;
            for (int i = limit; i > start + options.TargetChars / 2; i--)
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
