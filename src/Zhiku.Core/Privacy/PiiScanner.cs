using Zhiku.Core.Documents;

namespace Zhiku.Core.Privacy;

/// <summary>
/// Builds a data inventory without indexing: which personal data each file holds, by type and offset, with
/// masked values only. Plain-text formats are decoded directly (offsets index the decoded text); other formats
/// go through the given document parsers (offsets index their extracted texts joined by blank lines).
/// </summary>
public sealed class PiiScanner
{
    /// <summary>Extensions read as plain text.</summary>
    public static readonly IReadOnlySet<string> PlainTextExtensions =
        new HashSet<string>([".txt", ".md", ".markdown", ".csv", ".tsv", ".json", ".jsonl", ".log"], StringComparer.OrdinalIgnoreCase);

    private readonly PiiDetector _detector;
    private readonly Dictionary<string, IDocumentParser> _parsers = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>A scanner using <paramref name="detector"/>; <paramref name="parsers"/> handle the other formats.</summary>
    public PiiScanner(PiiDetector detector, IEnumerable<IDocumentParser>? parsers = null)
    {
        ArgumentNullException.ThrowIfNull(detector);
        _detector = detector;
        foreach (IDocumentParser parser in parsers ?? [])
        {
            foreach (string ext in parser.Extensions)
            {
                _parsers.TryAdd(ext, parser);
            }
        }
    }

    /// <summary>Scans files and folders (recursively, supported formats only), in path order.</summary>
    /// <exception cref="ZhikuException">A path does not exist.</exception>
    public async Task<IReadOnlyList<FileScanResult>> ScanPathsAsync(IEnumerable<string> paths, CancellationToken cancellationToken = default)
    {
        var files = new List<string>();
        foreach (string path in paths)
        {
            if (File.Exists(path))
            {
                files.Add(path);
            }
            else if (Directory.Exists(path))
            {
                files.AddRange(Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)
                    .Where(f => IsSupported(f) && !IsHidden(Path.GetRelativePath(path, f)))
                    .Order(StringComparer.Ordinal));
            }
            else
            {
                throw ZhikuException.NotFound($"Path not found: {path}. Give existing files or folders. / 路径不存在：{path}", path);
            }
        }

        var results = new List<FileScanResult>(files.Count);
        foreach (string file in files)
        {
            results.Add(await ScanFileAsync(file, cancellationToken).ConfigureAwait(false));
        }

        return results;
    }

    /// <summary>Scans one file; an unsupported or unreadable file comes back with <see cref="FileScanResult.Skipped"/> set.</summary>
    public async Task<FileScanResult> ScanFileAsync(string path, CancellationToken cancellationToken = default)
    {
        string ext = Path.GetExtension(path);
        try
        {
            if (PlainTextExtensions.Contains(ext))
            {
                byte[] bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
                return ScanText(path, TextFileDecoder.Decode(bytes, Path.GetFileName(path)).Text);
            }

            if (_parsers.TryGetValue(ext, out IDocumentParser? parser))
            {
                await using FileStream stream = File.OpenRead(path);
                IReadOnlyList<ExtractedDocument> docs = await parser.ParseAsync(stream, Path.GetFileName(path), cancellationToken).ConfigureAwait(false);
                return ScanText(path, string.Join("\n\n", docs.Select(d => d.Text)));
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or DocumentParseException)
        {
            return new FileScanResult(path, [], $"unreadable: {ex.Message}");
        }

        return new FileScanResult(path, [], $"unsupported format {ext} / 不支持的格式");
    }

    /// <summary>Scans text already extracted from <paramref name="path"/>; offsets index <paramref name="text"/>.</summary>
    public FileScanResult ScanText(string path, string text)
    {
        IReadOnlyList<PiiEntity> entities = _detector.Detect(text);
        var findings = entities
            .Select(e => new PiiFinding(e.Type, e.Start, e.End, Math.Round(e.Score, 2), PiiMasker.Mask(e.Type, e.ValueIn(text))))
            .ToList();
        return new FileScanResult(path, findings);
    }

    private bool IsSupported(string file) => PlainTextExtensions.Contains(Path.GetExtension(file)) || _parsers.ContainsKey(Path.GetExtension(file));

    private static bool IsHidden(string relative) =>
        relative.Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar).Any(part => part.StartsWith('.'));
}
