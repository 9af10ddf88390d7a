using Zhiku.Core.Text;

namespace Zhiku.Core.Privacy;

/// <summary>
/// jieba's words (cut by <see cref="ChineseSegmenter"/>, the one jieba owner) with jieba's part-of-speech tags for
/// dictionary words that start with a surname (nr = person name). The full POS tagger is about ten times slower,
/// so only the dictionary tags are used.
/// </summary>
/// <remarks>When jieba's dictionaries are missing, names are found from cue words only.</remarks>
internal static class ChineseNameWords
{
    private static readonly Lazy<State?> Loaded = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The folder holding jieba's dictionaries (the one the index analyzer uses too).</summary>
    public static string ResourceDirectory => ChineseSegmenter.Folder;

    /// <summary>Whether the dictionaries were found and loaded.</summary>
    public static bool IsAvailable => Loaded.Value is not null;

    /// <summary>Whether <paramref name="word"/> is in jieba's dictionary (false when jieba is unavailable).</summary>
    public static bool IsDictionaryWord(string word) => Loaded.Value is not null && ChineseSegmenter.IsDictionaryWord(word);

    /// <summary>jieba's tag of a dictionary word that starts with a surname, or null.</summary>
    public static string? TagOf(string word) => Loaded.Value is { } state ? state.Tags.GetValueOrDefault(word) : null;

    /// <summary>How many longer dictionary words contain <paramref name="word"/>, a dictionary word
    /// that starts with a surname: high for ordinary words (阳光, 石英), near zero for names (李鹏).</summary>
    public static int EmbeddedCount(ReadOnlySpan<char> word) =>
        Loaded.Value is { } state && state.Embedded.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(word, out int n) ? n : 0;

    /// <summary>Cuts <paramref name="text"/> into words with offsets. Empty when jieba is unavailable.</summary>
    public static List<Word> Cut(string text)
    {
        var words = new List<Word>();
        State? state = Loaded.Value;
        if (state is null || text.Length == 0)
        {
            return words;
        }

        foreach ((int start, int length, string piece) in ChineseSegmenter.CutWithOffsets(text))
        {
            words.Add(new Word(start, length, state.Tags.GetValueOrDefault(piece)));
        }

        return words;
    }

    private static State? Load()
    {
        if (ChineseSegmenter.DictionaryText is not { } dictionary)
        {
            return null;
        }

        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Range range in dictionary.AsSpan().Split('\n'))
        {
            // "word freq tag"; only words that could be names matter here.
            ReadOnlySpan<char> line = dictionary.AsSpan(range).TrimEnd('\r');
            int space = line.IndexOf(' ');
            if (space is < 2 or > 4 || !ChineseNameLexicon.Surnames.Contains(line[0]) && !ChineseNameLexicon.CompoundSurnames.Contains(line[..2].ToString()))
            {
                continue;
            }

            int last = line.LastIndexOf(' ');
            tags[line[..space].ToString()] = last > space ? line[(last + 1)..].Trim().ToString() : "";
        }

        // How many longer dictionary words contain each surname-initial word: 阳光 sits
        // in 阳光下, 阳光房, 太阳光…, 石英 in 石英钟, 石英砂…; a person's name rarely sits inside other words.
        var embedded = new Dictionary<string, int>(StringComparer.Ordinal);
        var lookup = tags.GetAlternateLookup<ReadOnlySpan<char>>();
        foreach (Range range in dictionary.AsSpan().Split('\n'))
        {
            ReadOnlySpan<char> line = dictionary.AsSpan(range);
            int space = line.IndexOf(' ');
            if (space < 3)
            {
                continue;
            }

            ReadOnlySpan<char> word = line[..space];
            for (int at = 0; at < word.Length - 1; at++)
            {
                for (int length = 2; length <= 3 && at + length <= word.Length && length < word.Length; length++)
                {
                    if (lookup.TryGetValue(word.Slice(at, length), out string? key, out _))
                    {
                        embedded[key] = embedded.GetValueOrDefault(key) + 1;
                    }
                }
            }
        }

        return new State(tags, embedded);
    }

    /// <summary>A word at an offset, with jieba's dictionary tag when the word starts with a surname and is in
    /// the dictionary (null: not in the dictionary, i.e. found by the HMM).</summary>
    internal readonly record struct Word(int Start, int Length, string? Tag)
    {
        public int End => Start + Length;
    }

    private sealed record State(Dictionary<string, string> Tags, Dictionary<string, int> Embedded);
}
