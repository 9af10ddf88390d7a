namespace Zhiku.Core.Documents;

/// <summary>The open headings above the current position, by level, as a path like "手册 > 假期 > 年假".</summary>
internal sealed class HeadingTrail
{
    /// <summary>Separator between headings in a path.</summary>
    public const string Separator = " > ";

    private readonly List<(int Level, string Text)> _open = [];

    /// <summary>The path of the current section, empty before the first heading.</summary>
    public string Path { get; private set; } = "";

    /// <summary>Opens a heading of <paramref name="level"/> (1 = top), closing any at that level or deeper.</summary>
    /// <returns>The new path, ending with this heading.</returns>
    public string Enter(int level, string text)
    {
        _open.RemoveAll(h => h.Level >= level);
        var clean = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (clean.Length > 0)
        {
            _open.Add((level, clean));
        }

        Path = string.Join(Separator, _open.Select(h => h.Text));
        return Path;
    }
}
