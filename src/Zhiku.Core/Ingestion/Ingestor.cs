using System.Diagnostics;
using System.Security.Cryptography;
using Zhiku.Core.Access;
using Zhiku.Core.Chunking;
using Zhiku.Core.Documents;
using Zhiku.Core.Documents.Ocr;
using Zhiku.Core.Ingestion.Isolation;
using Zhiku.Core.Privacy;
using Zhiku.Core.Storage;

namespace Zhiku.Core.Ingestion;

/// <summary>
/// Ingests files into a knowledge base: incremental by content hash, one store transaction per file (a changed
/// file's old chunks go and its new ones come in one commit), bad files reported and skipped without stopping
/// the batch. The full-text index is updated after the store and committed every few seconds; a crash in
/// between is repaired from the store the next time the knowledge base opens.
/// </summary>
public sealed partial class Ingestor
{
    private static readonly TimeSpan CommitInterval = TimeSpan.FromSeconds(3);
    private readonly KnowledgeBase _kb;
    private readonly DocumentReader _reader;
    private readonly IngestOptions _options;
    private readonly Chunker _chunker;
    private readonly PolicyRules _rules;
    // The knowledge base's policy: the one it was opened with until a run reads the current one (IngestAsync).
    private string _knowledgeBasePolicy;
    private readonly IFileParser _parser;
    private readonly IQuarantineStore _quarantine;

    /// <summary>An ingestor parsing with <paramref name="parser"/>; null parses in this process, which suits trusted
    /// input only: files from users go through an <see cref="Isolation.IsolatedFileParser"/>.</summary>
    public Ingestor(KnowledgeBase kb, IngestOptions? options = null, IFileParser? parser = null)
    {
        this._kb = kb;
        this._options = options ?? new IngestOptions();
        _chunker = new Chunker(this._options.Chunking);
        _rules = new PolicyRules(this._options.PolicyRules, kb.Info.Name);
        _knowledgeBasePolicy = kb.Info.Policy;
        _reader = new DocumentReader(new DocumentReaderOptions
        {
            MaxFileBytes = this._options.MaxFileBytes,
            Ocr = this._options.Ocr ?? OcrOptions.ForStore(kb.Store.Layout.Root),
        });
        this._parser = parser ?? new InProcessFileParser(_reader);
        _quarantine = kb.Store.Quarantine;
    }

    /// <summary>Ingests files and folders (recursively) under the knowledge base's policy as stored now (a long-lived
    /// handle sees a policy tightened since it was opened). A missing path is a <see cref="ZhikuException"/>
    /// raised before anything is written. One run at a time per ingestor.</summary>
    public async Task<IngestSummary> IngestAsync(IReadOnlyList<string> paths, IProgress<IngestProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        List<string> roots = paths.Select(Path.GetFullPath).ToList();
        List<FileInfo> files = Enumerate(roots);
        _knowledgeBasePolicy = await _kb.ReadPolicyAsync(cancellationToken).ConfigureAwait(false);
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
                    await _kb.Synchronizer.ApplyBacklogAsync(cancellationToken).ConfigureAwait(false);
                    indexing.Stop();
                    lastCommit.Restart();
                }

                progress?.Report(new IngestProgress(outcomes.Count, files.Count, bytesDone, bytesTotal, chunks, clock.Elapsed, outcome));
            }

            if (_options.Sync)
            {
                outcomes.AddRange(await RemoveVanishedAsync(roots, cancellationToken).ConfigureAwait(false));
            }
        }
        finally
        {
            // What was written is indexed even when the run is cancelled: the store and its indexes agree at the end.
            indexing.Start();
            await _kb.Synchronizer.ApplyBacklogAsync(CancellationToken.None).ConfigureAwait(false);
            indexing.Stop();
        }

        return new IngestSummary(outcomes, clock.Elapsed) { IndexElapsed = indexing.Elapsed };
    }

    /// <summary>Writes documents given directly (not from files), e.g. an eval corpus; each replaces any stored
    /// document with the same record key. The store takes them 500 per transaction; the full-text index is
    /// committed every few seconds, as in <see cref="IngestAsync"/>, and once at the end (also when cancelled).</summary>
    public async Task<int> IngestDocumentsAsync(IEnumerable<NewDocument> documents, CancellationToken cancellationToken = default)
    {
        int count = 0;
        var lastCommit = Stopwatch.StartNew();
        try
        {
            foreach (NewDocument[] batch in documents.Chunk(500))
            {
                cancellationToken.ThrowIfCancellationRequested();
                await _kb.Store.Documents.ReplaceBatchAsync(_kb.Info.Id, batch.Select(d => (d.RecordKey, (IReadOnlyList<NewDocument>)[d])).ToList(), cancellationToken)
                    .ConfigureAwait(false);
                count += batch.Length;
                if (lastCommit.Elapsed > CommitInterval)
                {
                    await _kb.Synchronizer.ApplyBacklogAsync(cancellationToken).ConfigureAwait(false);
                    lastCommit.Restart();
                }
            }
        }
        finally
        {
            await _kb.Synchronizer.ApplyBacklogAsync(CancellationToken.None).ConfigureAwait(false);
        }

        return count;
    }

    /// <summary>Chunks an extracted document into a <see cref="NewDocument"/>, its policy resolved against the knowledge
    /// base's as this ingestor last read it (as opened, or at the start of the last <see cref="IngestAsync"/>).</summary>
    public NewDocument Prepare(ExtractedDocument document, string? sourcePath, string recordKey, string hash, long size) =>
        new(sourcePath, recordKey, document.ExternalId, document.Title, document.Format, hash, size, document.Text,
            _chunker.Chunk(document), DocumentPolicy.Resolve(_knowledgeBasePolicy, _options.Policy, _rules.PolicyFor(sourcePath, document.Text)))
        {
            Groups = _options.Groups,
            Pages = document.Pages,
        };

    /// <summary>Whether a stored document already has the policy this run asks for: the requested one tightened by
    /// the knowledge base, or a stricter one a rule gave it (the text is unchanged, so the rule still matches).</summary>
    private bool SamePolicy(string? stored)
    {
        if (_options.Policy is null)
        {
            return true;
        }

        string expected = DocumentPolicy.Resolve(_knowledgeBasePolicy, _options.Policy, null)!;
        return stored == expected || (!_rules.IsEmpty && DataPolicy.Rank(stored) > DataPolicy.Rank(expected));
    }

    private async Task<FileOutcome> IngestFileAsync(FileInfo file, CancellationToken cancellationToken)
    {
        string path = file.FullName;
        string extension = file.Extension.ToLowerInvariant();
        if (!_reader.CanRead(path))
        {
            return new FileOutcome(path, FileStatus.Skipped, $"unsupported format '{extension}' / 不支持的格式", 0, 0, file.Length);
        }

        if (file.Length > _options.MaxFileBytes)
        {
            return new FileOutcome(path, FileStatus.Skipped,
                $"file is {file.Length / 1048576.0:F1} MB, over the {_options.MaxFileBytes / 1048576.0:F0} MB limit per file (raise the size limit to ingest it) / 文件超过大小上限",
                0, 0, file.Length, FileRemedy.RaiseSizeLimit);
        }

        if (FileKind.WhyNotRegular(path) is { } kind)
        {
            return new FileOutcome(path, FileStatus.Skipped, $"not a regular file, not read: {kind} / 不是普通文件，未读取", 0, 0, 0);
        }

        byte[]? content;
        try
        {
            // An upload the server stored encrypted is decrypted here; a user's own file is read as it is, bounded by
            // the size limit however large it claims or grows to be.
            content = _kb.Store.Encryption.IsEnabled
                ? await _kb.Store.Encryption.ReadSourceAsync(path, cancellationToken).ConfigureAwait(false)
                : await FileKind.ReadBoundedAsync(path, _options.MaxFileBytes, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new FileOutcome(path, FileStatus.Failed, $"cannot read the file: {ex.Message} / 无法读取文件", 0, 0, file.Length);
        }

        if (content is not { } bytes)
        {
            return new FileOutcome(path, FileStatus.Skipped,
                $"file grew past the {_options.MaxFileBytes / 1048576.0:F0} MB limit per file while being read (raise the size limit to ingest it) / 文件超过大小上限",
                0, 0, file.Length, FileRemedy.RaiseSizeLimit);
        }

        return await IngestContentAsync(path, file.Name, bytes, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A file's content, read: unchanged, joined to a document of the same content, quarantined, or parsed
    /// and written as the documents of <paramref name="path"/>.</summary>
    private async Task<FileOutcome> IngestContentAsync(string path, string fileName, byte[] bytes, CancellationToken cancellationToken)
    {
        string hash = Convert.ToHexStringLower(SHA256.HashData(bytes));
        IReadOnlyList<DocumentInfo> existing = await _kb.Store.Documents.FindBySourceAsync(_kb.Info.Id, path, cancellationToken).ConfigureAwait(false);
        if (existing.Count > 0 && !_options.Force
            && existing.All(d => d.ContentHash == hash && d.Indexed && SamePolicy(d.Policy)
                && DocumentGroups.SameGroups(d.Groups, _options.Groups)))
        {
            return new FileOutcome(path, FileStatus.Unchanged, null, existing.Count, 0, bytes.Length);
        }

        if (!_options.Force && await SameContentElsewhereAsync(path, hash, existing, cancellationToken).ConfigureAwait(false) is { } outcome)
        {
            return outcome with { Bytes = bytes.Length };
        }

        QuarantinedFile? known = await _quarantine.FindAsync(_kb.Info.Id, hash, cancellationToken).ConfigureAwait(false);
        if (!_options.Force && known is { Quarantined: true })
        {
            return Quarantined(path, known, bytes.Length);
        }

        if (existing.Count > 0)
        {
            // This file changed: a document it shares with other files of the old content stays with them.
            await _kb.Store.DocumentSources.PromoteNextAsync(_kb.Info.Id, path, cancellationToken).ConfigureAwait(false);
        }

        IReadOnlyList<ExtractedDocument> extracted;
        try
        {
            DocumentReadResult read = await _parser.ParseAsync(bytes, fileName, cancellationToken).ConfigureAwait(false);
            extracted = read.Documents;
        }
        catch (DocumentParseException ex) when (ex.InnerException is OcrModelsException)
        {
            // Not the file's fault: the machine lacks the OCR models. Skipped, with the command that fixes it.
            return new FileOutcome(path, FileStatus.Skipped, ex.Message, 0, 0, bytes.Length);
        }
        catch (DocumentParseException ex)
        {
            return new FileOutcome(path, FileStatus.Failed, ex.Message, 0, 0, bytes.Length);
        }
        catch (ParserWorkerException ex)
        {
            QuarantinedFile record = await _quarantine.RecordKillAsync(_kb.Info.Id, hash, fileName, ex.Message, cancellationToken).ConfigureAwait(false);
            return record.Quarantined
                ? Quarantined(path, record, bytes.Length)
                : new FileOutcome(path, FileStatus.Failed,
                    ex.Message + " (once more and the file is quarantined / 再失败一次将被隔离)", 0, 0, bytes.Length);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return new FileOutcome(path, FileStatus.Failed, $"could not be parsed ({ex.GetType().Name}: {ex.Message}) / 解析失败", 0, 0, bytes.Length);
        }

        if (known is not null)
        {
            await _quarantine.ClearAsync(_kb.Info.Id, hash, cancellationToken).ConfigureAwait(false);
        }

        List<NewDocument> documents = extracted
            .Where(d => !string.IsNullOrWhiteSpace(d.Text))
            .Select((d, i) => Prepare(d, path, RecordKey(path, d, i, extracted.Count), hash, bytes.Length))
            .ToList();
        await _kb.Store.Documents.ReplaceAsync(_kb.Info.Id, path, documents, cancellationToken).ConfigureAwait(false);
        if (documents.Count == 0)
        {
            return new FileOutcome(path, FileStatus.Skipped, "empty: no text to index / 空文件，没有可索引的文本", 0, 0, bytes.Length);
        }

        // Read, but not all of it: pages that needed OCR and did not get it are said on the file's line.
        string? notice = extracted.SelectMany(d => d.Notices).FirstOrDefault();
        return new FileOutcome(path, FileStatus.Ingested, notice, documents.Count, documents.Sum(d => d.Chunks.Count), bytes.Length);
    }

    /// <summary>
    /// A file whose content a document of this knowledge base already has (same SHA-256, same groups and policy)
    /// becomes another source of that document instead of a second copy; null when there is none.
    /// </summary>
    private async Task<FileOutcome?> SameContentElsewhereAsync(string path, string hash, IReadOnlyList<DocumentInfo> atPath, CancellationToken cancellationToken)
    {
        await _kb.Store.DocumentSources.RemoveAdditionalAsync(_kb.Info.Id, path, cancellationToken).ConfigureAwait(false);
        List<DocumentInfo> same = (await _kb.Store.Documents.FindByHashAsync(_kb.Info.Id, hash, cancellationToken).ConfigureAwait(false))
            .Where(d => d.SourcePath != path && (_options.Policy is null || d.Policy == _options.Policy)
                && DocumentGroups.SameGroups(d.Groups, _options.Groups)
                && (_options.MayJoin?.Invoke(d) ?? true))
            .ToList();
        if (same.Count == 0)
        {
            return null;
        }

        // All documents of the one file that had this content (a CSV or JSONL file holds several).
        string first = same[0].SourcePath ?? "";
        List<long> ids = same.Where(d => d.SourcePath == first).Select(d => d.Id).ToList();
        if (atPath.Count > 0)
        {
            await _kb.Store.DocumentSources.PromoteNextAsync(_kb.Info.Id, path, cancellationToken).ConfigureAwait(false);
            await _kb.Store.Documents.ReplaceAsync(_kb.Info.Id, path, [], cancellationToken).ConfigureAwait(false);
        }

        await _kb.Store.DocumentSources.AddAsync(_kb.Info.Id, ids, path, cancellationToken).ConfigureAwait(false);
        return new FileOutcome(path, FileStatus.Unchanged,
            $"same content as '{same[0].Title}' (document {ids[0]}): recorded as another source of it / 与已有文档内容相同，记为该文档的另一来源",
            ids.Count, 0, 0);
    }

    private static FileOutcome Quarantined(string path, QuarantinedFile record, long bytes) =>
        new(path, FileStatus.Quarantined,
            $"quarantined: parsing killed the parser process {record.Kills} times, last: {record.Reason}; it is not retried " +
            "automatically (a forced ingest tries again) / 已隔离：解析此文件多次导致解析进程终止，不再自动重试", 0, 0, bytes, FileRemedy.Force);

    private static string RecordKey(string path, ExtractedDocument document, int index, int count) =>
        count == 1 && document.ExternalId is null ? path : $"{path}#{document.ExternalId ?? (index + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)}";

    private async Task<List<FileOutcome>> RemoveVanishedAsync(List<string> roots, CancellationToken cancellationToken)
    {
        var outcomes = new List<FileOutcome>();
        bool UnderRoot(string source) => roots.Any(r => source == r || source.StartsWith(r.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal));

        // Additional sources first, so a document whose own file is gone is handed only to a file that still exists.
        foreach (string source in await _kb.Store.DocumentSources.ListAdditionalPathsAsync(_kb.Info.Id, cancellationToken).ConfigureAwait(false))
        {
            if (UnderRoot(source) && !File.Exists(source))
            {
                await _kb.Store.DocumentSources.RemoveAdditionalAsync(_kb.Info.Id, source, cancellationToken).ConfigureAwait(false);
                outcomes.Add(new FileOutcome(source, FileStatus.Removed, "file is gone; the document stays with its other sources / 文件已不存在，文档保留（仍有其他来源）", 0, 0, 0));
            }
        }

        foreach (string source in await _kb.Store.DocumentSources.ListPathsAsync(_kb.Info.Id, cancellationToken).ConfigureAwait(false))
        {
            if (UnderRoot(source) && !File.Exists(source))
            {
                int kept = await _kb.Store.DocumentSources.PromoteNextAsync(_kb.Info.Id, source, cancellationToken).ConfigureAwait(false);
                var (removed, _) = await _kb.Store.Documents.ReplaceAsync(_kb.Info.Id, source, [], cancellationToken).ConfigureAwait(false);
                outcomes.Add(new FileOutcome(source, FileStatus.Removed,
                    kept > 0 ? "file is gone; the document stays with its other sources / 文件已不存在，文档保留（仍有其他来源）" : "file is gone / 文件已不存在",
                    removed.Count, 0, 0));
            }
        }

        return outcomes;
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
                throw ZhikuException.NotFound($"path not found: {root} / 路径不存在；check the spelling or use an absolute path", root);
            }
        }

        return files.DistinctBy(f => f.FullName).ToList();
    }
}
