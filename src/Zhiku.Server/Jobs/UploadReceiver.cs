using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using Zhiku.Core.Access;
using Zhiku.Core.Jobs;
using Zhiku.Core.Storage;

namespace Zhiku.Server.Jobs;

/// <summary>
/// Reads a multipart upload (fields <c>file</c>, one or many, and optional <c>groups</c> and <c>policy</c>),
/// streaming each file into the store's originals under a staging key (<see cref="OriginalKeys.Staging"/>) with its
/// size checked as it arrives. Nothing is kept when the request is refused or breaks off. The store seals originals
/// under its key when it has one.
/// </summary>
/// <remarks>
/// Where an original is kept is never the uploader's choice: a new file gets the key <c>files/KB/RANDOM/NAME</c>
/// (<see cref="OriginalKeys.New"/>). Only when <paramref name="replaceable"/> names a stored original of the same file
/// name (a document the uploader may read) does the upload replace it; otherwise a file of the same name as a document
/// the uploader cannot read becomes a new document, and that document's original is never touched.
/// </remarks>
/// <param name="originals">The store's originals.</param>
/// <param name="kbId">The knowledge base the files are for.</param>
/// <param name="options">Size and count limits.</param>
/// <param name="replaceable">For a (safe) file name, the source path of the stored original the uploader may replace, or null.</param>
public sealed class UploadReceiver(IOriginalFileStore originals, long kbId, ServerOptions options, Func<string, CancellationToken, Task<string?>> replaceable)
{
    private const int MaxFieldBytes = 4096;

    /// <summary>What was received, or the problem to answer with.</summary>
    public sealed record Result(IReadOnlyList<NewJobFile> Files, IReadOnlyList<string> Groups, string? Policy, Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult? Problem);

    public async Task<Result> ReceiveAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out MediaTypeHeaderValue? contentType)
            || !contentType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            return Fail(ApiProblems.BadRequest("Content-Type must be multipart/form-data with one or more 'file' fields / 请以 multipart/form-data 上传，字段名为 file", "invalid_multipart"));
        }

        string boundary = HeaderUtilities.RemoveQuotes(contentType.Boundary).Value ?? "";
        if (boundary.Length == 0 || boundary.Length > 200)
        {
            return Fail(ApiProblems.BadRequest("multipart body: the Content-Type has no valid boundary / multipart 缺少 boundary", "invalid_multipart"));
        }

        var files = new List<NewJobFile>();
        var groups = new List<string>();
        string? policy = null;
        try
        {
            var reader = new MultipartReader(boundary, request.Body) { HeadersLengthLimit = 16 * 1024, BodyLengthLimit = null };
            MultipartSection? section;
            while ((section = await reader.ReadNextSectionAsync(cancellationToken).ConfigureAwait(false)) is not null)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out ContentDispositionHeaderValue? disposition)
                    || !disposition.DispositionType.Equals("form-data"))
                {
                    return await DiscardAsync(files, ApiProblems.BadRequest("multipart body: a part has no 'Content-Disposition: form-data' header / multipart 格式错误", "invalid_multipart"));
                }

                string name = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? "";
                string? fileName = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value;
                if (name == "file")
                {
                    if (string.IsNullOrWhiteSpace(fileName))
                    {
                        return await DiscardAsync(files, ApiProblems.BadRequest("field 'file': each file part needs a filename / file 字段须带文件名", "invalid_multipart"));
                    }

                    if (files.Count >= options.MaxFilesPerUpload)
                    {
                        return await DiscardAsync(files, ApiProblems.TooLarge($"field 'file': at most {options.MaxFilesPerUpload} files per upload / 单次上传文件数超过上限"));
                    }

                    (NewJobFile? file, var problem) = await StageAsync(section.Body, fileName, cancellationToken).ConfigureAwait(false);
                    if (problem is not null)
                    {
                        return await DiscardAsync(files, problem);
                    }

                    files.Add(file!);
                }
                else if (name is "groups" or "policy")
                {
                    string? value = await ReadFieldAsync(section.Body, cancellationToken).ConfigureAwait(false);
                    if (value is null)
                    {
                        return await DiscardAsync(files, ApiProblems.BadRequest($"field '{name}': too long (max {MaxFieldBytes} bytes) / 字段过长"));
                    }

                    if (name == "groups")
                    {
                        groups.AddRange(DocumentGroups.Parse(value, "groups"));
                    }
                    else if (!string.IsNullOrWhiteSpace(value))
                    {
                        policy = Zhiku.Core.Access.DataPolicy.Parse(value, "policy");
                    }
                }
                else
                {
                    return await DiscardAsync(files, ApiProblems.BadRequest($"unknown field '{name}'; send files in 'file' and optional 'groups' / 未知字段 '{name}'", "invalid_multipart"));
                }
            }
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException
            or Zhiku.Core.ZhikuException { Kind: Zhiku.Core.ErrorKind.InvalidInput or Zhiku.Core.ErrorKind.Conflict })
        {
            string detail = ex is Zhiku.Core.ZhikuException ? ex.Message : $"malformed multipart body ({ex.Message}) / multipart 请求体格式错误";
            return await DiscardAsync(files, ApiProblems.BadRequest(detail, "invalid_multipart"));
        }
        catch
        {
            // Cancelled, or the store is unavailable: the files staged so far go too.
            await DiscardStagedAsync(originals, files).ConfigureAwait(false);
            throw;
        }

        if (files.Count == 0)
        {
            return Fail(ApiProblems.BadRequest("field 'file' is missing: attach at least one file / 缺少 file 字段", "invalid_multipart"));
        }

        return new Result(files, DocumentGroups.Normalize(groups, "groups"), policy, null);
    }

    private async Task<(NewJobFile? File, Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult? Problem)> StageAsync(Stream body, string fileName, CancellationToken cancellationToken)
    {
        string safeName = SafeFileName(fileName);
        string staged = OriginalKeys.Staging(Path.GetExtension(safeName));
        // A broken or cancelled upload, or one over the limit, leaves nothing behind (the store's put is atomic).
        if (await originals.PutAsync(staged, body, options.MaxFileBytes, cancellationToken).ConfigureAwait(false) is not long size)
        {
            return (null, ApiProblems.TooLarge(
                $"file '{safeName}' is over the {options.MaxFileBytes} byte limit per file (Zhiku:MaxFileBytes) / 文件 '{safeName}' 超过单个文件大小上限"));
        }

        string target = await replaceable(safeName, cancellationToken).ConfigureAwait(false)
            ?? OriginalKeys.SourcePathOf(originals, OriginalKeys.New(kbId, safeName));
        return (new NewJobFile(safeName, OriginalKeys.SourcePathOf(originals, staged), target, size), null);
    }

    private static async Task<string?> ReadFieldAsync(Stream body, CancellationToken cancellationToken)
    {
        byte[] buffer = new byte[MaxFieldBytes + 1];
        int total = 0;
        int read;
        while ((read = await body.ReadAsync(buffer.AsMemory(total), cancellationToken).ConfigureAwait(false)) > 0)
        {
            total += read;
            if (total > MaxFieldBytes)
            {
                return null;
            }
        }

        return Encoding.UTF8.GetString(buffer, 0, total);
    }

    /// <summary>The file name without any folder part or characters that are unsafe in paths; never empty or hidden.</summary>
    internal static string SafeFileName(string fileName)
    {
        string name = fileName.Replace('\\', '/');
        name = name[(name.LastIndexOf('/') + 1)..];
        char[] invalid = Path.GetInvalidFileNameChars();
        name = new string(name.Select(c => invalid.Contains(c) || char.IsControl(c) ? '_' : c).ToArray()).Trim().TrimStart('.');
        if (name.Length > 150)
        {
            name = name[..(150 - Path.GetExtension(name).Length)] + Path.GetExtension(name);
        }

        return name.Length == 0 ? "upload" : name;
    }

    private static Result Fail(Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult problem) => new([], [], null, problem);

    private async Task<Result> DiscardAsync(List<NewJobFile> files, Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult problem)
    {
        await DiscardStagedAsync(originals, files).ConfigureAwait(false);
        return Fail(problem);
    }

    /// <summary>Removes the staged originals of files a refused upload received (whatever the request's token says).</summary>
    public static async Task DiscardStagedAsync(IOriginalFileStore originals, IEnumerable<NewJobFile> files)
    {
        foreach (NewJobFile file in files)
        {
            if (OriginalKeys.KeyOf(originals, file.StagedPath) is { } key)
            {
                await originals.DeleteAsync(key, CancellationToken.None).ConfigureAwait(false);
            }
        }
    }
}
