namespace Zhiku.Core.Privacy;

/// <summary>The personal data found in one file.</summary>
/// <param name="Path">The file's path as given (or found under a given folder).</param>
/// <param name="Findings">Findings in text order.</param>
/// <param name="Skipped">Why the file was not scanned (unsupported format, unreadable); null when it was.</param>
public sealed record FileScanResult(string Path, IReadOnlyList<PiiFinding> Findings, string? Skipped = null)
{
    /// <summary>Findings per type.</summary>
    public IReadOnlyDictionary<string, int> CountsByType =>
        Findings.GroupBy(f => f.Type).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
}
