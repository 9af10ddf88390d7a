using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using Zhiku.Core.Access;
using Zhiku.Core.Jobs;

namespace Zhiku.Server.Jobs;

/// <summary>
/// Reads a multipart upload (fields <c>file</c>, one or many, and optional <c>groups</c> and <c>policy</c>),
/// streaming each file to the staging folder with its size checked as it arrives. Nothing is kept when the
/// request is refused. With a store key the staged file is written encrypted (<paramref name="encryption"/>).
/// </summary>
/// <remarks>
/// Where an original is kept is never the uploader's choice: a new file goes to <c>files/KB/RANDOM/NAME</c>.
/// Only when <paramref name="replaceable"/> names a stored original of the same file name (a document the uploader
/// may read) does the upload replace it; otherwise a file of the same name as a document the uploader cannot read
/// becomes a new document, and that document's original is never touched.
/// </remarks>
/// <param name="stagingFolder">Where uploads are streamed first.</param>
/// <param name="targetFolder">The knowledge base's folder of originals.</param>
/// <param name="options">Size and count limits.</param>
/// <param name="replaceable">For a (safe) file name, the stored original the uploader may replace, or null.</param>
/// <param name="encryption">Encrypts staged and original files when the store has a key; null or plain stores them as is.</param>
public sealed class UploadReceiver(string stagingFolder, string targetFolder, ServerOptions options, Func<string, CancellationToken, Task<string?>> replaceable,
    Zhiku.Core.Security.IAtRestEncryption? encryption = null)
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
        Directory.CreateDirectory(stagingFolder);
        try
        {
            var reader = new MultipartReader(boundary, request.Body) { HeadersLengthLimit = 16 * 1024, BodyLengthLimit = null };
            MultipartSection? section;
            while ((section = await reader.ReadNextSectionAsync(cancellationToken).ConfigureAwait(false)) is not null)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out ContentDispositionHeaderValue? disposition)
                    || !disposition.DispositionType.Equals("form-data"))
                {
                    return Discard(files, ApiProblems.BadRequest("multipart body: a part has no 'Content-Disposition: form-data' header / multipart 格式错误", "invalid_multipart"));
                }

                string name = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? "";
                string? fileName = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value;
                if (name == "file")
                {
                    if (string.IsNullOrWhiteSpace(fileName))
                    {
                        return Discard(files, ApiProblems.BadRequest("field 'file': each file part needs a filename / file 字段须带文件名", "invalid_multipart"));
                    }

                    if (files.Count >= options.MaxFilesPerUpload)
                    {
                        return Discard(files, ApiProblems.TooLarge($"field 'file': at most {options.MaxFilesPerUpload} files per upload / 单次上传文件数超过上限"));
                    }

                    (NewJobFile? file, var problem) = await StageAsync(section.Body, fileName, cancellationToken).ConfigureAwait(false);
                    if (problem is not null)
                    {
                        return Discard(files, problem);
                    }

                    files.Add(file!);
                }
                else if (name is "groups" or "policy")
                {
                    string? value = await ReadFieldAsync(section.Body, cancellationToken).ConfigureAwait(false);
                    if (value is null)
                    {
                        return Discard(files, ApiProblems.BadRequest($"field '{name}': too long (max {MaxFieldBytes} bytes) / 字段过长"));
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
                    return Discard(files, ApiProblems.BadRequest($"unknown field '{name}'; send files in 'file' and optional 'groups' / 未知字段 '{name}'", "invalid_multipart"));
                }
            }
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or Zhiku.Core.ZhikuException { IsUserError: true })
        {
            string detail = ex is Zhiku.Core.ZhikuException ? ex.Message : $"malformed multipart body ({ex.Message}) / multipart 请求体格式错误";
            return Discard(files, ApiProblems.BadRequest(detail, "invalid_multipart"));
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
        string staged = Path.Combine(stagingFolder, Guid.NewGuid().ToString("N") + Path.GetExtension(safeName));
        long size = 0;
        byte[] buffer = new byte[81920];
        try
        {
            await using Stream output = (encryption ?? Zhiku.Core.Security.PlainStorage.Instance).Create(staged);
            int read;
            while ((read = await body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                size += read;
                if (size > options.MaxFileBytes)
                {
                    output.Close();
                    File.Delete(staged);
                    return (null, ApiProblems.TooLarge(
                        $"file '{safeName}' is over the {options.MaxFileBytes} byte limit per file (Zhiku:MaxFileBytes) / 文件 '{safeName}' 超过单个文件大小上限"));
                }

                await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            }
        }
        catch
        {
            // A broken or cancelled upload leaves nothing behind.
            File.Delete(staged);
            throw;
        }

        string target = await replaceable(safeName, cancellationToken).ConfigureAwait(false)
            ?? Path.Combine(targetFolder, Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16)), safeName);
        return (new NewJobFile(safeName, staged, target, size), null);
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

    private static Result Discard(List<NewJobFile> files, Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult problem)
    {
        foreach (NewJobFile file in files)
        {
            File.Delete(file.StagedPath);
        }

        return Fail(problem);
    }
}
