using System.Diagnostics;
using System.Security.Cryptography;
using Zhiku.Core.Chunking;
using Zhiku.Core.Documents;
using Zhiku.Core.Storage;

namespace Zhiku.Core.Ingestion;

/// <summary>
/// Ingests files into a knowledge base: incremental by content hash, one store transaction per file (a changed
/// file's old chunks go and its new ones come in one commit), bad files reported and skipped without stopping
/// the batch. The full-text index is updated after the store and committed every few seconds; a crash in
/// between is repaired from the store the next time the knowledge base opens.
/// </summary>
public sealed class Ingestor
{
    private static readonly TimeSpan CommitInterval = TimeSpan.FromSeconds(3);
    private readonly KnowledgeBase kb;
    private readonly DocumentReader reader;
    private readonly IngestOptions options;
    private readonly Chunker chunker;
    private readonly Privacy.PolicyRules rules;

    public Ingestor(KnowledgeBase kb, IngestOptions? options = null)
    {
        this.kb = kb;
        this.options = options ?? new IngestOptions();
        chunker = new Chunker(this.options.Chunking);
        rules = new Privacy.PolicyRules(this.options.PolicyRules, kb.Info.Name);
        reader = new DocumentReader(new DocumentReaderOptions { MaxFileBytes = this.options.MaxFileBytes });
    }

    /// <summary>Ingests files and folders (recursively). A missing path is a <see cref="UserInputException"/>
    /// raised before anything is written.</summary>
    public async Task<IngestSummary> IngestAsync(IReadOnlyList<string> paths, IProgress<IngestProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        List<string> roots = paths.Select(Path.GetFullPath).ToList();
        List<FileInfo> files = Enumerate(roots);
        long bytesTotal = files.Sum(f => f.Length);
        var outcomes = new List<FileOutcome>();
        var clock = Stopwatch.StartNew();
        var lastCommit = Stopwatch.StartNew();
        var indexing = new Stopwatch();
        long bytesDone = 0;
        int chunks = 0;
        try
        {
            foreach (FileInfo file in files)
            {
                cancellationToken.ThrowIfCancellationRequested();
                FileOutcome outcome = await IngestFileAsync(file, cancellationToken).ConfigureAwait(false);
                outcomes.Add(outcome);
                bytesDone += file.Length;
                chunks += outcome.Chunks;
                if (lastCommit.Elapsed > CommitInterval)
                {
                    indexing.Start();
                    kb.ApplyBacklog();
                    indexing.Stop();
                    lastCommit.Restart();
                }

                progress?.Report(new IngestProgress(outcomes.Count, files.Count, bytesDone, bytesTotal, chunks, clock.Elapsed, outcome));
            }

            if (options.Sync)
            {
                outcomes.AddRange(RemoveVanished(roots));
            }
        }
        finally
        {
            indexing.Start();
            kb.ApplyBacklog();
            indexing.Stop();
        }

        return new IngestSummary(outcomes, clock.Elapsed) { IndexElapsed = indexing.Elapsed };
    }

    /// <summary>Writes documents given directly (not from files), e.g. an eval corpus; each replaces any stored
    /// document with the same record key. The store takes them 500 per transaction; the full-text index is
    /// committed every few seconds, as in <see cref="IngestAsync"/>, and once at the end.</summary>
    public int IngestDocuments(IEnumerable<NewDocument> documents)
    {
        int count = 0;
        var lastCommit = Stopwatch.StartNew();
        try
        {
            foreach (NewDocument[] batch in documents.Chunk(500))
            {
                kb.Metadata.ReplaceDocumentsBatch(kb.Info.Id, batch.Select(d => (d.RecordKey, (IReadOnlyList<NewDocument>)[d])).ToList());
                count += batch.Length;
                if (lastCommit.Elapsed > CommitInterval)
                {
                    kb.ApplyBacklog();
                    lastCommit.Restart();
                }
            }
        }
        finally
        {
            kb.ApplyBacklog();
        }

        return count;
    }

    /// <summary>Chunks an extracted document into a <see cref="NewDocument"/>.</summary>
    public NewDocument Prepare(ExtractedDocument document, string? sourcePath, string recordKey, string hash, long size) =>
        new(sourcePath, recordKey, document.ExternalId, document.Title, document.Format, hash, size, document.Text,
            chunker.Chunk(document), options.Policy ?? rules.PolicyFor(sourcePath, document.Text)) { Groups = options.Groups };

    private async Task<FileOutcome> IngestFileAsync(FileInfo file, CancellationToken cancellationToken)
    {
        string path = file.FullName;
        string extension = file.Extension.ToLowerInvariant();
        if (!reader.CanRead(path))
        {
            return new FileOutcome(path, FileStatus.Skipped, $"unsupported format '{extension}' / 不支持的格式", 0, 0, file.Length);
        }

        if (file.Length > options.MaxFileBytes)
        {
            return new FileOutcome(path, FileStatus.Skipped,
                $"file is {file.Length / 1048576.0:F1} MB, over the {options.MaxFileBytes / 1048576.0:F0} MB limit (raise --max-file-mb) / 文件超过大小上限",
                0, 0, file.Length);
        }

        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new FileOutcome(path, FileStatus.Failed, $"cannot read the file: {ex.Message} / 无法读取文件", 0, 0, file.Length);
        }

        string hash = Convert.ToHexStringLower(SHA256.HashData(bytes));
        IReadOnlyList<DocumentInfo> existing = kb.Metadata.FindDocumentsBySource(kb.Info.Id, path);
        if (existing.Count > 0 && !options.Force
            && existing.All(d => d.ContentHash == hash && d.Indexed && (options.Policy is null || d.Policy == options.Policy)
                && Access.DocumentGroups.SameGroups(d.Groups, options.Groups)))
        {
            return new FileOutcome(path, FileStatus.Unchanged, null, existing.Count, 0, bytes.Length);
        }

        IReadOnlyList<ExtractedDocument> extracted;
        try
        {
            using var stream = new MemoryStream(bytes, writable: false);
            DocumentReadResult read = await reader.ReadAsync(stream, file.Name, cancellationToken).ConfigureAwait(false);
            extracted = read.Documents;
        }
        catch (DocumentParseException ex)
        {
            return new FileOutcome(path, FileStatus.Failed, ex.Message, 0, 0, bytes.Length);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return new FileOutcome(path, FileStatus.Failed, $"could not be parsed ({ex.GetType().Name}: {ex.Message}) / 解析失败", 0, 0, bytes.Length);
        }

        List<NewDocument> documents = extracted
            .Where(d => !string.IsNullOrWhiteSpace(d.Text))
            .Select((d, i) => Prepare(d, path, RecordKey(path, d, i, extracted.Count), hash, bytes.Length))
            .ToList();
        kb.Metadata.ReplaceDocuments(kb.Info.Id, path, documents);
        if (documents.Count == 0)
        {
            return new FileOutcome(path, FileStatus.Skipped, "empty: no text to index / 空文件，没有可索引的文本", 0, 0, bytes.Length);
        }

        return new FileOutcome(path, FileStatus.Ingested, null, documents.Count, documents.Sum(d => d.Chunks.Count), bytes.Length);
    }

    private static string RecordKey(string path, ExtractedDocument document, int index, int count) =>
        count == 1 && document.ExternalId is null ? path : $"{path}#{document.ExternalId ?? (index + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)}";

    private IEnumerable<FileOutcome> RemoveVanished(List<string> roots)
    {
        foreach (string source in kb.Metadata.ListSourcePaths(kb.Info.Id))
        {
            bool underRoot = roots.Any(r => source == r || source.StartsWith(r.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal));
            if (underRoot && !File.Exists(source))
            {
                var (removed, _) = kb.Metadata.ReplaceDocuments(kb.Info.Id, source, []);
                yield return new FileOutcome(source, FileStatus.Removed, "file is gone / 文件已不存在", removed.Count, 0, 0);
            }
        }
    }

    private static List<FileInfo> Enumerate(List<string> roots)
    {
        var files = new List<FileInfo>();
        foreach (string root in roots)
        {
            if (File.Exists(root))
            {
                files.Add(new FileInfo(root));
            }
            else if (Directory.Exists(root))
            {
                var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.Hidden | FileAttributes.System, IgnoreInaccessible = true };
                files.AddRange(Directory.EnumerateFiles(root, "*", options)
                    .Where(f => !Path.GetRelativePath(root, f).Split(Path.DirectorySeparatorChar).Any(part => part.StartsWith('.')))
                    .Order(StringComparer.Ordinal)
                    .Select(f => new FileInfo(f)));
            }
            else
            {
                throw new UserInputException($"path not found: {root} / 路径不存在；check the spelling or use an absolute path");
            }
        }

        return files.DistinctBy(f => f.FullName).ToList();
    }
}
