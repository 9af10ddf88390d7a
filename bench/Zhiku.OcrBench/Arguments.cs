namespace Zhiku.OcrBench;

/// <summary>"--name value" pairs.</summary>
internal static class Arguments
{
    public static string? Get(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    public static string FindRepoFolder(string relative)
    {
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Zhiku.slnx")))
            {
                return Path.GetFullPath(Path.Combine(dir.FullName, relative));
            }
        }

        return Path.GetFullPath(relative);
    }
}
