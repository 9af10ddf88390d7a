using System.Collections.Concurrent;

namespace Zhiku.Core.Documents.Ocr;

/// <summary>
/// One loaded OCR engine per model folder for the whole process: the models take about a second and ~100 MB to
/// load, so they are loaded on the first page that needs them and kept.
/// </summary>
public static class OcrEngines
{
    private static readonly ConcurrentDictionary<string, Lazy<IOcrEngine>> Engines = new(StringComparer.Ordinal);

    /// <summary>The engine for <paramref name="options"/>' model folder.</summary>
    /// <exception cref="OcrModelsException">No folder is set, or its models cannot be loaded.</exception>
    public static IOcrEngine Get(OcrOptions options)
    {
        if (options.ModelFolder is not { } folder || !OcrModelFiles.IsComplete(folder))
        {
            throw new OcrModelsException($"OCR models are not installed: run `{OcrModelFiles.InstallCommand}` / 未安装 OCR 模型，请运行 `{OcrModelFiles.InstallCommand}`");
        }

        var lazy = Engines.GetOrAdd(Path.GetFullPath(folder), f =>
            new Lazy<IOcrEngine>(() => PaddleOcrEngine.Load(f, maxPixels: options.MaxPixels), LazyThreadSafetyMode.ExecutionAndPublication));
        try
        {
            return lazy.Value;
        }
        catch (OcrModelsException)
        {
            // Let a later call try again (models installed meanwhile).
            Engines.TryRemove(new KeyValuePair<string, Lazy<IOcrEngine>>(Path.GetFullPath(folder), lazy));
            throw;
        }
    }
}
