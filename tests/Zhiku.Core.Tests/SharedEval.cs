namespace Zhiku.Core.Tests;

/// <summary>Finds ../shared/eval from the repository root; a missing folder fails the test with a clear message.</summary>
public static class SharedEval
{
    public static string Folder(string set)
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "..", "shared", "eval", set);
            if (Directory.Exists(candidate) && File.Exists(Path.Combine(dir.FullName, "Zhiku.slnx")))
            {
                return Path.GetFullPath(candidate);
            }
        }

        throw new InvalidOperationException($"../shared/eval/{set} not found next to the repository; the eval tests need the shared sets.");
    }
}
