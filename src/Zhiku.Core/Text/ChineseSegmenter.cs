namespace Zhiku.Core.Text;

/// <summary>
/// The one owner of the process-wide jieba segmenter (the index analyzer and the name recognizers both cut with
/// it): jieba.NET 0.42.2's algorithm and dictionaries (copied from the package by the build), cut by
/// <see cref="JiebaCutter"/>, which loads the dictionary and HMM in a fraction of jieba.NET's time (a CLI search
/// starts in a blink; docs/benchmarks.md, "Performance (issue 13)") and gives the same words.
/// </summary>
public static class ChineseSegmenter
{
    /// <summary>The folder the build copies jieba's dictionaries to.</summary>
    public static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "jieba");

    private static readonly string[] RequiredFiles = ["dict.txt", "prob_trans.json", "prob_emit.json", "char_state_tab.json"];
    private static readonly Lazy<JiebaCutter> Instance = new(Create, LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly Lazy<bool> Available = new(() => RequiredFiles.All(f => File.Exists(Path.Combine(Folder, f))));

    /// <summary>Whether jieba's dictionaries are there; when not, <see cref="Cut"/> and <see cref="CutForSearch"/>
    /// throw and <see cref="CutWithOffsets"/> returns nothing.</summary>
    public static bool IsAvailable => Available.Value;

    /// <summary>Precise-mode words with jieba's HMM (jieba.NET's <c>Cut(text)</c>); thread-safe.</summary>
    /// <exception cref="InvalidOperationException">jieba's dictionaries are missing (a broken build).</exception>
    public static List<string> Cut(string text) => Instance.Value.Cut(text);

    /// <summary>Search-mode words (jieba.NET's <c>CutForSearch(text)</c>): each word preceded by its 2- and
    /// 3-character dictionary words; thread-safe.</summary>
    /// <exception cref="InvalidOperationException">jieba's dictionaries are missing (a broken build).</exception>
    public static List<string> CutForSearch(string text) => Instance.Value.CutForSearch(text);

    /// <summary>Whether <paramref name="word"/> is in jieba's dictionary (false when jieba is unavailable).</summary>
    public static bool IsDictionaryWord(string word) => IsAvailable && Instance.Value.Dictionary.ContainsWord(word);

    /// <summary>jieba's dictionary file ("word freq tag" a line) for other readers of its words (the name
    /// recognizer's tags), read on each call (the segmenter itself maps its compiled form); null when jieba is
    /// unavailable.</summary>
    internal static string? DictionaryText => IsAvailable ? File.ReadAllText(Path.Combine(Folder, "dict.txt"), System.Text.Encoding.UTF8) : null;

    /// <summary>Cuts <paramref name="text"/> (precise mode, with jieba's HMM, which glues unknown names such as
    /// 孙丽华 into one word) into words as (start, length) offsets. Empty when jieba is unavailable.</summary>
    public static List<(int Start, int Length, string Word)> CutWithOffsets(string text)
    {
        var words = new List<(int Start, int Length, string Word)>();
        if (!IsAvailable || text.Length == 0)
        {
            return words;
        }

        List<string> pieces = Instance.Value.Cut(text);

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

    private static JiebaCutter Create()
    {
        string folder = Folder;
        if (!File.Exists(Path.Combine(folder, "dict.txt")))
        {
            throw new InvalidOperationException(
                $"jieba dictionaries not found in {folder}; rebuild Zhiku (the build copies them from the jieba.NET package).");
        }

        return new JiebaCutter(
            JiebaDictionary.Load(Path.Combine(folder, "dict.txt")),
            JiebaHmm.Load(Path.Combine(folder, "prob_trans.json"), Path.Combine(folder, "prob_emit.json")));
    }
}
