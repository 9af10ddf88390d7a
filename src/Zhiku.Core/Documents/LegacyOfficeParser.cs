using System.Diagnostics;

namespace Zhiku.Core.Documents;

/// <summary>
/// Legacy and WPS office files (.doc .xls .ppt .rtf .odt .ods .odp .wps .et .dps): converted by LibreOffice
/// headless (<c>soffice --headless --convert-to</c>) to .docx, .xlsx or .pptx in a temp folder of their own, then
/// read by that format's parser. A conversion that runs past the timeout is killed with its process tree; when
/// LibreOffice is not installed, the file is refused with one line giving the command that installs it.
/// </summary>
public sealed class LegacyOfficeParser : IDocumentParser
{
    /// <summary>How long one conversion may run by default.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(120);

    /// <summary>The Debian command that installs what the conversion needs.</summary>
    public const string InstallCommand =
        "sudo apt-get install libreoffice-core-nogui libreoffice-writer-nogui libreoffice-calc-nogui libreoffice-impress-nogui";

    // Target format and the extension LibreOffice knows the file by (WPS Office's files are the Microsoft formats).
    private static readonly Dictionary<string, (string Target, string AsExtension)> Conversions = new(StringComparer.OrdinalIgnoreCase)
    {
        [".doc"] = ("docx", ".doc"),
        [".rtf"] = ("docx", ".rtf"),
        [".odt"] = ("docx", ".odt"),
        [".wps"] = ("docx", ".doc"),
        [".xls"] = ("xlsx", ".xls"),
        [".ods"] = ("xlsx", ".ods"),
        [".et"] = ("xlsx", ".xls"),
        [".ppt"] = ("pptx", ".ppt"),
        [".odp"] = ("pptx", ".odp"),
        [".dps"] = ("pptx", ".ppt"),
    };

    private readonly string? _soffice;
    private readonly TimeSpan _timeout;
    private readonly Dictionary<string, IDocumentParser> _targets;

    /// <summary>A converter using the <c>soffice</c> found on PATH, with the default timeout.</summary>
    public LegacyOfficeParser(DocumentReaderOptions options) : this(options, FindOnPath("soffice") ?? FindOnPath("libreoffice"), DefaultTimeout) { }

    /// <summary>A converter running <paramref name="soffice"/> (null: not installed) for at most <paramref name="timeout"/>.</summary>
    public LegacyOfficeParser(DocumentReaderOptions options, string? soffice, TimeSpan timeout)
    {
        options.Validate();
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        _soffice = soffice is not null && File.Exists(soffice) ? soffice : null;
        _timeout = timeout;
        _targets = new Dictionary<string, IDocumentParser>
        {
            ["docx"] = new DocxParser(options),
            ["xlsx"] = new XlsxParser(options),
            ["pptx"] = new PptxParser(options),
        };
    }

    /// <inheritdoc />
    public IReadOnlyCollection<string> Extensions { get; } = Conversions.Keys.ToArray();

    /// <inheritdoc />
    public async Task<IReadOnlyList<ExtractedDocument>> ParseAsync(Stream content, string fileName, CancellationToken cancellationToken = default)
    {
        var bytes = await ParserInput.ReadAllAsync(content, cancellationToken).ConfigureAwait(false);
        if (bytes.Length == 0)
        {
            return ParserInput.None;
        }

        var extension = Path.GetExtension(fileName);
        var (target, asExtension) = Conversions[extension];
        if (_soffice is null)
        {
            throw DocumentErrors.NeedsLibreOffice(fileName, extension, InstallCommand);
        }

        var folder = Directory.CreateTempSubdirectory("zhiku-convert-");
        try
        {
            var input = Path.Combine(folder.FullName, "input" + asExtension);
            await File.WriteAllBytesAsync(input, bytes, cancellationToken).ConfigureAwait(false);
            await ConvertAsync(input, target, folder.FullName, fileName, cancellationToken).ConfigureAwait(false);
            var output = Path.Combine(folder.FullName, "out", "input." + target);
            if (!File.Exists(output))
            {
                throw DocumentErrors.ConversionFailed(fileName, extension);
            }

            var converted = await File.ReadAllBytesAsync(output, cancellationToken).ConfigureAwait(false);
            var documents = await _targets[target].ParseAsync(new MemoryStream(converted, writable: false), Path.ChangeExtension(fileName, target), cancellationToken)
                .ConfigureAwait(false);
            var format = extension.TrimStart('.').ToLowerInvariant();
            return documents.Select(d => d with { Format = format }).ToArray();
        }
        finally
        {
            try
            {
                folder.Delete(recursive: true);
            }
            catch (IOException)
            {
                // A file still held by a killed converter; the temp folder is cleaned by the system.
            }
        }
    }

    private async Task ConvertAsync(string input, string target, string folder, string fileName, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(_soffice!)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        // A profile of its own per conversion: parallel conversions do not wait on one another's profile lock.
        foreach (var argument in new[]
        {
            "-env:UserInstallation=" + new Uri(Path.Combine(folder, "profile")).AbsoluteUri, "--headless", "--norestore", "--nologo",
            "--nolockcheck", "--convert-to", target, "--outdir", Path.Combine(folder, "out"), input,
        })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw DocumentErrors.NeedsLibreOffice(fileName, Path.GetExtension(fileName), InstallCommand);
        process.StandardInput.Close();
        var drainOut = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var drainError = process.StandardError.ReadToEndAsync(cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            await Task.WhenAll(drainOut, drainError).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            cancellationToken.ThrowIfCancellationRequested();
            throw DocumentErrors.ConversionTimedOut(fileName, _timeout);
        }
    }

    private static string? FindOnPath(string program)
    {
        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(folder, program);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
