using JiebaNet.Segmenter;

namespace Zhiku.Core.Indexing.Analysis;

/// <summary>
/// Owns the process-wide jieba.NET segmenter. jieba reads its dictionaries from a folder set once before
/// first use (a failed first use poisons its static state for the process), so the folder is checked here
/// and a missing one is a clear error.
/// </summary>
public static class JiebaSegmenterHost
{
    private static readonly Lazy<JiebaSegmenter> Instance = new(Create, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The folder the build copies jieba's dictionaries to.</summary>
    public static string Folder { get; } = Path.Combine(AppContext.BaseDirectory, "jieba");

    /// <summary>The shared segmenter; thread-safe for cutting.</summary>
    public static JiebaSegmenter Segmenter => Instance.Value;

    private static JiebaSegmenter Create()
    {
        string folder = Folder;
        if (!File.Exists(Path.Combine(folder, "dict.txt")))
        {
            throw new InvalidOperationException(
                $"jieba dictionaries not found in {folder}; rebuild Zhiku (the build copies them from the jieba.NET package).");
        }

        ConfigManager.ConfigFileBaseDir = folder;
        return new JiebaSegmenter();
    }
}
