using JiebaNet.Segmenter;

namespace Zhiku.Core.Text;

/// <summary>
/// The one owner of the process-wide jieba.NET segmenter (the index analyzer and the name recognizers both cut
/// with it). jieba reads its dictionaries from a folder set once before first use (a failed first use poisons its
/// static state for the process), so the folder is checked here before any jieba type is touched.
/// </summary>
public static class ChineseSegmenter
{
    /// <summary>The folder the build copies jieba's dictionaries to.</summary>
    public static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "jieba");

    private static readonly string[] RequiredFiles = ["dict.txt", "prob_trans.json", "prob_emit.json", "char_state_tab.json"];
    private static readonly Lazy<JiebaSegmenter> Instance = new(Create, LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly Lazy<bool> Available = new(() => RequiredFiles.All(f => File.Exists(Path.Combine(Folder, f))));
    private static readonly Lock Gate = new();

    /// <summary>Whether jieba's dictionaries are there; when not, <see cref="Segmenter"/> throws and
    /// <see cref="CutWithOffsets"/> returns nothing.</summary>
    public static bool IsAvailable => Available.Value;

    /// <summary>The shared segmenter; thread-safe for cutting.</summary>
    /// <exception cref="InvalidOperationException">jieba's dictionaries are missing (a broken build).</exception>
    public static JiebaSegmenter Segmenter => Instance.Value;

    /// <summary>Whether <paramref name="word"/> is in jieba's dictionary (false when jieba is unavailable).</summary>
    public static bool IsDictionaryWord(string word) => IsAvailable && Instance.Value is not null && WordDictionary.Instance.ContainsWord(word);

    /// <summary>Cuts <paramref name="text"/> (precise mode, with jieba's HMM, which glues unknown names such as
    /// 孙丽华 into one word) into words as (start, length) offsets. Empty when jieba is unavailable.</summary>
    public static List<(int Start, int Length, string Word)> CutWithOffsets(string text)
    {
        var words = new List<(int Start, int Length, string Word)>();
        if (!IsAvailable || text.Length == 0)
        {
            return words;
        }

        List<string> pieces;
        lock (Gate)
        {
            pieces = Segmenter.Cut(text, cutAll: false, hmm: true).ToList();
        }

        int at = 0;
        foreach (string piece in pieces)
        {
            int index = text.IndexOf(piece, at, StringComparison.Ordinal);
            if (index < 0)
            {
                continue;
            }

            words.Add((index, piece.Length, piece));
            at = index + piece.Length;
        }

        return words;
    }

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
