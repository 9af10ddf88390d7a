namespace Zhiku.Core.Documents.Ocr;

/// <summary>OCR settings for reading images and scanned PDF pages.</summary>
public sealed record OcrOptions
{
    /// <summary>Default <see cref="SecondsPerDocument"/>: four minutes, inside the parser worker's five-minute wall
    /// time, so a long scan is indexed in part (the rest reported) rather than failing whole.</summary>
    public const double DefaultSecondsPerDocument = 240;

    /// <summary>The folder holding the OCR model files, or null when none is installed (pages needing OCR are then
    /// reported and skipped).</summary>
    public string? ModelFolder { get; init; }

    /// <summary>OCR time one document may use; pages after it runs out are reported as skipped.</summary>
    public double SecondsPerDocument { get; init; } = DefaultSecondsPerDocument;

    /// <summary>Images with more pixels are refused before decoding.</summary>
    public long MaxPixels { get; init; } = PaddleOcrEngine.DefaultMaxPixels;

    /// <summary>The environment variable that sets <see cref="SecondsPerDocument"/>.</summary>
    public const string BudgetVariable = "ZHIKU_OCR_SECONDS";

    /// <summary>OCR settings with the models found for a store (see <see cref="OcrModelFiles.Find"/>) and the
    /// per-document budget from <c>ZHIKU_OCR_SECONDS</c> when it holds a positive number.</summary>
    /// <exception cref="ZhikuException">ZHIKU_OCR_SECONDS is set but not a positive number.</exception>
    public static OcrOptions ForStore(string? storeRoot)
    {
        var budget = DefaultSecondsPerDocument;
        var configured = Environment.GetEnvironmentVariable(BudgetVariable);
        if (!string.IsNullOrWhiteSpace(configured)
            && !(double.TryParse(configured, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out budget) && budget > 0))
        {
            throw ZhikuException.InvalidInput($"{BudgetVariable}='{configured}' is not a positive number of seconds / {BudgetVariable} 须为正数（秒）");
        }

        return new() { ModelFolder = OcrModelFiles.Find(storeRoot), SecondsPerDocument = budget };
    }
}
