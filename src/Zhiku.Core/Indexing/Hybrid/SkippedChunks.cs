namespace Zhiku.Core.Indexing.Hybrid;

/// <summary>
/// Chunks left without a vector because the model cannot read their language (Chinese text under the English-only
/// built-in model): embedding them costs time and gives noise. Saved beside the vectors with the languages it was
/// judged for, so a change of <c>languages</c> judges again.
/// </summary>
internal sealed class SkippedChunks
{
    private const string FileName = "skipped.ids";

    private SkippedChunks(string languages, HashSet<long> ids)
    {
        Languages = languages;
        Ids = ids;
    }

    /// <summary>A chunk whose text is less than this share in the model's languages is not embedded.</summary>
    public const double MinCoverage = 0.5;

    public string Languages { get; }

    public HashSet<long> Ids { get; }

    public static string Key(IEnumerable<string> languages) => string.Join(",", languages.Order(StringComparer.Ordinal));

    /// <summary>The saved list for these languages, or an empty one.</summary>
    public static SkippedChunks Load(string folder, string languages)
    {
        string path = Path.Combine(folder, FileName);
        var ids = new HashSet<long>();
        if (File.Exists(path))
        {
            using var reader = new BinaryReader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read));
            try
            {
                if (reader.ReadString() == languages)
                {
                    int count = reader.ReadInt32();
                    for (int i = 0; i < count; i++)
                    {
                        ids.Add(reader.ReadInt64());
                    }
                }
            }
            catch (EndOfStreamException)
            {
                ids.Clear(); // torn file: judged again
            }
        }

        return new SkippedChunks(languages, ids);
    }

    /// <summary>A skip list of <paramref name="ids"/> judged for <paramref name="languages"/> (a <see cref="Key"/>).</summary>
    public static SkippedChunks Of(string languages, IEnumerable<long> ids) => new(languages, [.. ids]);

    /// <summary>The skip list as saved, whatever languages it was judged for (empty, for no languages, when there is none).</summary>
    public static SkippedChunks LoadAsSaved(string folder)
    {
        string path = Path.Combine(folder, FileName);
        if (File.Exists(path))
        {
            using var reader = new BinaryReader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read));
            try
            {
                return Load(folder, reader.ReadString());
            }
            catch (EndOfStreamException)
            {
                // torn file: nothing recorded
            }
        }

        return new SkippedChunks("", []);
    }

    public void Save(string folder)
    {
        Directory.CreateDirectory(folder);
        string path = Path.Combine(folder, FileName);
        string temp = path + ".tmp";
        using (var writer = new BinaryWriter(new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None)))
        {
            writer.Write(Languages);
            writer.Write(Ids.Count);
            foreach (long id in Ids)
            {
                writer.Write(id);
            }
        }

        File.Move(temp, path, overwrite: true);
    }
}
