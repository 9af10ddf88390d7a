namespace Zhiku.Benchmarks;

/// <summary>A realistic 2,000-character chunk: Chinese HR text with identifiers, from the bundled samples.</summary>
internal static class SampleText
{
    public static string Chunk2000 { get; } = Build();

    private static string Build()
    {
        string root = Directory.GetCurrentDirectory();
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Zhiku.slnx")))
            {
                root = dir.FullName;
                break;
            }
        }

        string handbook = File.ReadAllText(Path.Combine(root, "samples", "员工手册.md"));
        string roster = File.ReadAllText(Path.Combine(root, "samples", "员工花名册.csv"));
        string text = handbook[..1400] + "\n" + roster[..600];
        return text[..2000];
    }
}
