using System.IO.Hashing;
using System.Text;

namespace Zhiku.Core.Text;

/// <summary>
/// Word lists (jieba's dict.txt, idf.txt) compiled once into a <see cref="WordTable"/> file and mapped by every later
/// process, so a CLI call does not parse megabytes of text to look up a few words. The compiled file sits beside its
/// source (<c>dict.txt.zkt</c>) or, when that folder is read-only, in the user's cache folder; it is used only when
/// its format version, its source's length and last write time and its checksums match, else the source is compiled
/// again and the file replaced. When no compiled file can be read or written the table is built in memory, as
/// before, with the same contents.
/// </summary>
internal static class WordTableFile
{
    /// <summary>The compiled file's extension.</summary>
    public const string Extension = ".zkt";

    /// <summary>The table of <paramref name="sourcePath"/>, from a compiled file where one matches, else compiled
    /// from the source's text by <paramref name="compile"/> and written to the first of
    /// <paramref name="compiledPaths"/> (default: beside the source, then the user's cache folder) that takes it.</summary>
    /// <exception cref="IOException">The source itself cannot be read.</exception>
    public static WordTable Load(string sourcePath, Func<string, WordTableBuilder> compile, IReadOnlyList<string>? compiledPaths = null)
    {
        var source = new FileInfo(sourcePath);
        long length = source.Length;
        long writeTicks = source.LastWriteTimeUtc.Ticks;
        compiledPaths ??= CompiledPaths(source);
        foreach (string path in compiledPaths)
        {
            try
            {
                if (File.Exists(path) && WordTable.TryOpen(path, length, writeTicks) is { } table)
                {
                    return table;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Unreadable: compile again below and try to replace it.
            }
        }

        byte[] bytes = compile(File.ReadAllText(sourcePath, Encoding.UTF8)).ToBytes(length, writeTicks);
        foreach (string path in compiledPaths)
        {
            if (TryWrite(path, bytes))
            {
                break;
            }
        }

        return WordTable.FromBytes(bytes);
    }

    /// <summary>Where the compiled form of <paramref name="source"/> may live, in the order tried.</summary>
    public static IReadOnlyList<string> CompiledPaths(FileInfo source)
    {
        var paths = new List<string> { source.FullName + Extension };
        if (CacheFolder() is { } cache)
        {
            // Named after the source's full path, so two installations do not replace each other's file.
            string key = Convert.ToHexStringLower(XxHash3.Hash(Encoding.UTF8.GetBytes(source.FullName)));
            paths.Add(Path.Combine(cache, $"{source.Name}-{key}{Extension}"));
        }

        return paths;
    }

    private static string? CacheFolder()
    {
        string? xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        string root = !string.IsNullOrEmpty(xdg) && Path.IsPathRooted(xdg) ? xdg
            : OperatingSystem.IsWindows() ? Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData)
            : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile) is { Length: > 0 } home ? Path.Combine(home, ".cache")
            : "";
        return root.Length == 0 ? null : Path.Combine(root, "zhiku", "word-tables");
    }

    private static bool TryWrite(string path, byte[] bytes)
    {
        string temp = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }

            // A rename: a process reading the old file keeps its mapping; one opening it sees the whole new file.
            File.Move(temp, path, overwrite: true);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            try
            {
                File.Delete(temp);
            }
            catch (Exception cleanup) when (cleanup is IOException or UnauthorizedAccessException)
            {
                // Nothing more to do: the table is used from memory.
            }

            return false;
        }
    }
}
