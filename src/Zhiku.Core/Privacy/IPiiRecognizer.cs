namespace Zhiku.Core.Privacy;

/// <summary>
/// Finds one family of personal data. Recognizers match <see cref="NormalizedText.Text"/> and report spans in
/// that normalised text; <see cref="PiiDetector"/> maps them back to the original and resolves overlaps.
/// </summary>
public interface IPiiRecognizer
{
    /// <summary>Adds every candidate found in <paramref name="text"/> to <paramref name="results"/>.
    /// Candidates may overlap; low-scoring ones are dropped by the detector. Never throws on odd input.</summary>
    void Recognize(NormalizedText text, ICollection<PiiEntity> results);
}
