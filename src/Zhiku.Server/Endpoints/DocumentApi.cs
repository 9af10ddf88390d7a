using Zhiku.Core;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.StaticFiles;
using Zhiku.Core.Access;
using Zhiku.Core.Jobs;
using Zhiku.Core.Storage;
using Zhiku.Server.Contracts;
using Zhiku.Server.Hosting;
using Zhiku.Server.Jobs;
using Zhiku.Server.Services;

namespace Zhiku.Server.Endpoints;

/// <summary>
/// Documents of a knowledge base: upload (a background job), list, show, download the original, show a cited
/// passage, change groups, re-index, delete. A document the caller may not read is "not found", whatever they ask.
/// </summary>
public static class DocumentApi
{
    private static readonly FileExtensionContentTypeProvider ContentTypes = new();

    public static RouteGroupBuilder MapDocumentApi(this IEndpointRouteBuilder app)
    {
        RouteGroupBuilder group = app.MapGroup("/api/kbs/{kb}/documents").WithTags("Documents");
        group.MapPost("/", Upload).RequireKbRole(KbRole.Editor).WithMetadata(UploadEndpointMetadata.Instance).DisableAntiforgery()
            .Accepts<IFormFile>("multipart/form-data")
            .WithSummary("Upload files (multipart field 'file', one or many; optional 'groups', 'policy'); ingested by a background job")
            .WithDescription("Answers 202 with the job; add ?wait=true to answer when the job has finished.");
        group.MapGet("/", List).RequireKbRole(KbRole.Reader).WithSummary("Documents you may read; optional q (in title or source), offset and limit for paging");
        group.MapGet("/{id:long}", Get).RequireKbRole(KbRole.Reader).WithSummary("One document");
        group.MapGet("/{id:long}/file", Download).RequireKbRole(KbRole.Reader).WithSummary("Download the original file");
        group.MapGet("/{id:long}/passage", Passage).RequireKbRole(KbRole.Reader).WithSummary("The passage around a citation (start/end offsets), for highlighting");
        group.MapPut("/{id:long}/groups", SetGroups).RequireKbRole(KbRole.Editor).WithSummary("Change which groups may read the document (editor)");
        group.MapPost("/{id:long}/reindex", Reindex).RequireKbRole(KbRole.Editor).WithSummary("Parse and index the original file again (a background job; editor)");
        group.MapDelete("/{id:long}", Delete).RequireKbRole(KbRole.Editor).WithSummary("Delete a document (editor)");
        return group;
    }

    private static async Task<Results<Accepted<JobResponse>, Ok<JobResponse>, ProblemHttpResult>> Upload(
        string kb, bool? wait, HttpContext context, ServerStore store, JobQueue queue)
    {
        KbAccess access = KbAccessFilter.Access(context);

        var receiver = new UploadReceiver(store.Originals, access.Info.Id, store.Options, Replaceable(store, access));
        UploadReceiver.Result received = await receiver.ReceiveAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
        if (received.Problem is not null)
        {
            return received.Problem;
        }

        try
        {
            Zhiku.Core.Ingestion.DocumentPolicy.EnsureNotLooser(access.Info, received.Policy, "policy");
        }
        catch (ZhikuException ex) when (ex.Kind == ErrorKind.Conflict)
        {
            await UploadReceiver.DiscardStagedAsync(store.Originals, received.Files).ConfigureAwait(false);
            return ApiProblems.Create(409, "policy_looser_than_kb", ex.Message);
        }

        JobRecord job = await store.Jobs.CreateAsync(access.Info.Id, access.User.Id, "ingest", received.Files, received.Groups, received.Policy, force: false,
            context.RequestAborted).ConfigureAwait(false);
        await queue.EnqueueAsync(job.Id, context.RequestAborted).ConfigureAwait(false);
        if (wait == true)
        {
            JobRecord finished = await JobApi.WaitForAsync(store, job.Id, TimeSpan.FromMinutes(10), context.RequestAborted).ConfigureAwait(false);
            return TypedResults.Ok(JobApi.Describe(finished, access.Info.Name));
        }

        return TypedResults.Accepted($"/api/jobs/{job.Id}", JobApi.Describe(job, access.Info.Name));
    }

    /// <summary>For an upload's file name, the stored original it replaces: one uploaded under that name whose every
    /// document the uploader may read. None (null) makes the upload a new document, so an editor outside a document's
    /// groups can neither overwrite nor learn of it (the answer is the same as for a name never used).</summary>
    private static Func<string, CancellationToken, Task<string?>> Replaceable(ServerStore store, KbAccess access)
    {
        string files = store.FilesSourcePrefix(access.Info.Id);
        ILookup<string, string>? byName = null;
        return async (name, cancellationToken) =>
        {
            byName ??= (await store.Store.DocumentSources.ListPathsAsync(access.Info.Id, cancellationToken).ConfigureAwait(false))
                .Where(p => p.StartsWith(files, StringComparison.Ordinal))
                .ToLookup(p => Path.GetFileName(p), StringComparer.Ordinal);
            var candidates = new List<(string Path, IReadOnlyList<DocumentInfo> Documents)>();
            foreach (string path in byName[name])
            {
                candidates.Add((path, await store.Store.Documents.FindBySourceAsync(access.Info.Id, path, cancellationToken).ConfigureAwait(false)));
            }

            // The oldest of several originals of that name wins, so the same upload always replaces the same one.
            return candidates
                .Where(x => x.Documents.Count > 0 && x.Documents.All(d => access.Read.CanRead(d.Groups)))
                .OrderBy(x => x.Documents.Min(d => d.Id))
                .Select(x => x.Path)
                .FirstOrDefault();
        };
    }

    private static async Task<Results<Ok<DocumentListResponse>, ProblemHttpResult>> List(
        string kb, string? q, int? offset, int? limit, HttpContext context, ServerStore store)
    {
        KbAccess access = KbAccessFilter.Access(context);

        if (offset < 0 || limit < 1)
        {
            return ApiProblems.BadRequest("query 'offset' must be 0 or more and 'limit' 1 or more / offset 须 ≥ 0，limit 须 ≥ 1");
        }

        string filter = (q ?? "").Trim();
        var matching = (await store.Store.Documents.ListAsync(access.Info.Id, cancellationToken: context.RequestAborted).ConfigureAwait(false))
            .Where(d => access.Read.CanRead(d.Groups))
            .Where(d => filter.Length == 0
                || d.Title.Contains(filter, StringComparison.OrdinalIgnoreCase)
                || (ReaderView.Shown(access, d.SourcePath) ?? "").Contains(filter, StringComparison.OrdinalIgnoreCase))
            .ToList();
        var page = matching.Skip(offset ?? 0).Take(limit ?? int.MaxValue).ToList();
        var pages = await store.Store.Documents.GetPageSummariesAsync(page.Select(d => d.Id).ToList(), context.RequestAborted).ConfigureAwait(false);
        var documents = page.Select(d => Describe(store, access, d, pages.GetValueOrDefault(d.Id))).ToList();
        return TypedResults.Ok(new DocumentListResponse(documents) { Total = matching.Count, Offset = offset ?? 0 });
    }

    private static async Task<Results<Ok<DocumentResponse>, ProblemHttpResult>> Get(string kb, long id, HttpContext context, ServerStore store)
    {
        (KbAccess access, DocumentInfo? document) = await ReadableAsync(id, context, store).ConfigureAwait(false);
        if (document is null)
        {
            return ApiProblems.DocumentNotFound(id);
        }

        IReadOnlyDictionary<long, PageSummary> pages = await store.Store.Documents.GetPageSummariesAsync([document.Id], context.RequestAborted).ConfigureAwait(false);
        return TypedResults.Ok(Describe(store, access, document, pages.GetValueOrDefault(document.Id)));
    }

    private static async Task<Results<PhysicalFileHttpResult, FileStreamHttpResult, ProblemHttpResult>> Download(string kb, long id, HttpContext context, ServerStore store)
    {
        (_, DocumentInfo? document) = await ReadableAsync(id, context, store).ConfigureAwait(false);
        if (document is null)
        {
            return ApiProblems.DocumentNotFound(id);
        }

        string? name = document.SourcePath is null ? null : Path.GetFileName(document.SourcePath);
        string type = name is not null && ContentTypes.TryGetContentType(name, out string? known) ? known : "application/octet-stream";
        if (OriginalKeys.KeyOf(store.Originals, document.SourcePath) is { } key)
        {
            // An upload: streamed from the store's originals (decrypted on the way out, seekable, so ranges still work).
            Stream? original = await store.Originals.OpenReadAsync(key, context.RequestAborted).ConfigureAwait(false);
            return original is null
                ? ApiProblems.NotFound($"the original file of document {id}", "file_not_found")
                : TypedResults.Stream(original, type, name, enableRangeProcessing: true);
        }

        // A file ingested from a folder on this machine: served from where it is, as long as it is there.
        if (document.SourcePath is null || !File.Exists(document.SourcePath))
        {
            return ApiProblems.NotFound($"the original file of document {id}", "file_not_found");
        }

        if (store.Store.Encryption.IsEnabled)
        {
            return TypedResults.Stream(store.Store.Encryption.OpenSource(document.SourcePath), type, name, enableRangeProcessing: true);
        }

        return TypedResults.PhysicalFile(document.SourcePath, type, name, enableRangeProcessing: true);
    }

    private static async Task<Results<Ok<PassageResponse>, ProblemHttpResult>> Passage(string kb, long id, int? start, int? end, HttpContext context, ServerStore store)
    {
        (KbAccess access, DocumentInfo? document) = await ReadableAsync(id, context, store).ConfigureAwait(false);
        if (document is null)
        {
            return ApiProblems.DocumentNotFound(id);
        }

        IReadOnlyList<ChunkRecord> chunks = await store.Store.Chunks.GetOfDocumentsAsync([document.Id], context.RequestAborted).ConfigureAwait(false);
        if (chunks.Count == 0)
        {
            return ApiProblems.NotFound($"text of document {id}", "text_not_found");
        }

        int from = Math.Max(0, start ?? chunks[0].Start);
        int to = Math.Max(from, end ?? from);
        ChunkRecord chunk = chunks.FirstOrDefault(c => c.Start <= from && from < c.End) ?? chunks.MinBy(c => Math.Abs(c.Start - from))!;
        int highlightStart = Math.Clamp(from - chunk.Start, 0, chunk.Text.Length);
        int highlightEnd = Math.Clamp(to - chunk.Start, highlightStart, chunk.Text.Length);
        if (start is null)
        {
            highlightEnd = highlightStart;
        }

        string download = $"/api/kbs/{Uri.EscapeDataString(access.Info.Name)}/documents/{id}/file";
        return TypedResults.Ok(new PassageResponse(id, document.Title, ReaderView.Shown(access, document.SourcePath), chunk.HeadingPath, chunk.Page, chunk.Text, highlightStart, highlightEnd, download));
    }

    private static async Task<Results<Ok<DocumentResponse>, ProblemHttpResult>> SetGroups(string kb, long id, SetGroupsRequest request, HttpContext context, ServerStore store)
    {
        (KbAccess access, DocumentInfo? document) = await ReadableAsync(id, context, store).ConfigureAwait(false);
        if (document is null)
        {
            return ApiProblems.DocumentNotFound(id);
        }

        IReadOnlyList<string> groups = DocumentGroups.Normalize(request.Groups ?? [], "groups");
        await store.Store.Groups.SetDocumentGroupsAsync(access.Info.Id, document.Id, groups, context.RequestAborted).ConfigureAwait(false);
        return TypedResults.Ok(Describe(store, access, (await store.Store.Documents.GetAsync(access.Info.Id, document.Id, context.RequestAborted).ConfigureAwait(false))!));
    }

    private static async Task<Results<Accepted<JobResponse>, ProblemHttpResult>> Reindex(string kb, long id, HttpContext context, ServerStore store, JobQueue queue)
    {
        (KbAccess access, DocumentInfo? document) = await ReadableAsync(id, context, store).ConfigureAwait(false);
        if (document is null)
        {
            return ApiProblems.DocumentNotFound(id);
        }

        long? size = null;
        if (OriginalKeys.KeyOf(store.Originals, document.SourcePath) is { } key)
        {
            await using Stream? original = await store.Originals.OpenReadAsync(key, context.RequestAborted).ConfigureAwait(false);
            size = original?.Length;
        }
        else if (document.SourcePath is not null && File.Exists(document.SourcePath))
        {
            size = new FileInfo(document.SourcePath).Length;
        }

        if (size is null || document.SourcePath is null)
        {
            return ApiProblems.BadRequest($"document {id} has no original file on the server to re-index from; upload it again / 服务器上没有该文档的原始文件");
        }

        var file = new NewJobFile(Path.GetFileName(document.SourcePath), document.SourcePath, document.SourcePath, size.Value);
        JobRecord job = await store.Jobs.CreateAsync(access.Info.Id, access.User.Id, "reindex", [file], document.Groups, document.Policy, force: true,
            context.RequestAborted).ConfigureAwait(false);
        await queue.EnqueueAsync(job.Id, context.RequestAborted).ConfigureAwait(false);
        return TypedResults.Accepted($"/api/jobs/{job.Id}", JobApi.Describe(job, access.Info.Name));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(string kb, long id, HttpContext context, ServerStore store)
    {
        (KbAccess access, DocumentInfo? document) = await ReadableAsync(id, context, store).ConfigureAwait(false);
        if (document is null)
        {
            return ApiProblems.DocumentNotFound(id);
        }

        await access.Handle.WriteLock.WaitAsync(context.RequestAborted).ConfigureAwait(false);
        try
        {
            await access.KnowledgeBase.DeleteDocumentAsync(document.Id, context.RequestAborted).ConfigureAwait(false);
            string? source = document.SourcePath;
            // The upload's original goes with the last document that came from it.
            if (source is not null && source.StartsWith(store.FilesSourcePrefix(access.Info.Id), StringComparison.Ordinal)
                && OriginalKeys.KeyOf(store.Originals, source) is { } key
                && (await store.Store.Documents.FindBySourceAsync(access.Info.Id, source, CancellationToken.None).ConfigureAwait(false)).Count == 0)
            {
                await store.Originals.DeleteAsync(key, CancellationToken.None).ConfigureAwait(false);
            }
        }
        finally
        {
            access.Handle.WriteLock.Release();
        }

        return TypedResults.NoContent();
    }

    /// <summary>The knowledge base the route's filter opened, and the document <paramref name="id"/> in it when the
    /// caller may read it; else null, for a 404 that does not say whether it exists.</summary>
    private static async Task<(KbAccess Access, DocumentInfo? Document)> ReadableAsync(long id, HttpContext context, ServerStore store)
    {
        KbAccess opened = KbAccessFilter.Access(context);
        // Routes carry the public id; a number that is not one of this knowledge base's is "not found" like any other.
        DocumentInfo? document = store.PublicIds.DocumentFromPublic(opened.Info.Id, id) is long stored
            ? await store.Store.Documents.GetAsync(opened.Info.Id, stored, context.RequestAborted).ConfigureAwait(false)
            : null;
        return (opened, document is not null && opened.Read.CanRead(document.Groups) ? document : null);
    }

    internal static DocumentResponse Describe(ServerStore store, KbAccess access, DocumentInfo d, PageSummary? pages = null) => new(
        store.PublicIds.Document(access.Info.Id, d.Id), d.Title, d.Format, ReaderView.Shown(access, d.SourcePath), d.ExternalId, d.SizeBytes, d.ChunkCount, d.Groups, d.Policy,
        d.Indexed ? "indexed" : "indexing", d.CreatedAt, d.UpdatedAt, pages);
}
