using System.Xml.Linq;

namespace Zhiku.Core.Tests.Repository;

/// <summary>Every project in the repository is in Zhiku.slnx, so the build (and CI) compiles it and a change that
/// breaks a benchmark or tool fails where it is made.</summary>
public sealed class SolutionTests
{
    [Fact]
    public void Every_csproj_in_the_repository_is_in_the_solution()
    {
        string root = Root();
        var listed = XDocument.Load(Path.Combine(root, "Zhiku.slnx")).Descendants("Project")
            .Select(p => ((string?)p.Attribute("Path") ?? "").Replace('\\', '/'))
            .ToHashSet(StringComparer.Ordinal);
        List<string> projects = Directory.EnumerateFiles(root, "*.csproj", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(root, p).Replace('\\', '/'))
            .Where(p => !p.Split('/').Any(part => part is "bin" or "obj" or "artifacts" || part.StartsWith('.')))
            .ToList();

        Assert.Contains("src/Zhiku.Core/Zhiku.Core.csproj", projects);
        List<string> unlisted = projects.Where(p => !listed.Contains(p)).ToList();
        Assert.True(unlisted.Count == 0, "not in Zhiku.slnx: " + string.Join(", ", unlisted));
        List<string> gone = listed.Where(p => !File.Exists(Path.Combine(root, p))).ToList();
        Assert.True(gone.Count == 0, "in Zhiku.slnx but missing: " + string.Join(", ", gone));
    }

    private static string Root()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Zhiku.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("repository root (Zhiku.slnx) not found above the test binaries");
    }
}
