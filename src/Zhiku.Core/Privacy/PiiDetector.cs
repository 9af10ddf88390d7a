namespace Zhiku.Core.Privacy;

/// <summary>
/// Finds personal data in a text: normalises it, runs every recognizer, maps spans back to the original,
/// drops low scores and allow-listed values, and resolves overlaps (higher score wins, then the longer span).
/// Thread-safe; build one per knowledge base (its staff directory and lists live in the options).
/// </summary>
public sealed class PiiDetector
{
    private readonly IReadOnlyList<IPiiRecognizer> _recognizers;
    private readonly HashSet<string> _allow;

    /// <summary>A detector with every built-in recognizer.</summary>
    public PiiDetector(PiiDetectorOptions? options = null)
        : this(options ?? new PiiDetectorOptions(), null)
    {
    }

    /// <summary>A detector with the given recognizers (null: the built-in ones).</summary>
    public PiiDetector(PiiDetectorOptions options, IEnumerable<IPiiRecognizer>? recognizers)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        _recognizers = recognizers?.ToList() ?? BuiltInRecognizers(options);
        _allow = new HashSet<string>(options.AllowList.Select(a => a.Trim()).Where(a => a.Length > 0), StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The settings this detector was built with.</summary>
    public PiiDetectorOptions Options { get; }

    /// <summary>The personal data in <paramref name="text"/>, sorted by start, not overlapping, offsets into <paramref name="text"/>.</summary>
    public IReadOnlyList<PiiEntity> Detect(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0)
        {
            return [];
        }

        List<PiiEntity> candidates = FindCandidates(text);
        candidates.Sort(static (a, b) =>
        {
            int byScore = b.Score.CompareTo(a.Score);
            return byScore != 0 ? byScore : b.Length != a.Length ? b.Length.CompareTo(a.Length) : a.Start.CompareTo(b.Start);
        });

        var accepted = new List<PiiEntity>();
        foreach (PiiEntity candidate in candidates)
        {
            if (!accepted.Exists(candidate.Overlaps))
            {
                accepted.Add(candidate);
            }
        }

        accepted.Sort(static (a, b) => a.Start.CompareTo(b.Start));
        return accepted;
    }

    /// <summary>Every candidate above the score threshold, before overlaps are resolved (for diagnostics).</summary>
    internal List<PiiEntity> FindCandidates(string text)
    {
        NormalizedText normalized = NormalizedText.Create(text);
        var raw = new List<PiiEntity>();
        foreach (IPiiRecognizer recognizer in _recognizers)
        {
            recognizer.Recognize(normalized, raw);
        }

        var result = new List<PiiEntity>(raw.Count);
        foreach (PiiEntity e in raw)
        {
            if (e.Score < Options.MinScore || e.Length <= 0 || (Options.Types is { } types && !types.Contains(e.Type)))
            {
                continue;
            }

            (int start, int end) = normalized.ToOriginal(e.Start, e.End);
            if (_allow.Count > 0 && _allow.Contains(text[start..end].Trim()))
            {
                continue;
            }

            result.Add(e with { Start = start, End = end });
        }

        return result;
    }

    internal static List<IPiiRecognizer> BuiltInRecognizers(PiiDetectorOptions options) =>
    [
        new ChineseIdRecognizer(options),
        new ChineseMobileRecognizer(),
        new ChineseLandlineRecognizer(),
        new BankCardRecognizer(options),
        new UsccRecognizer(),
        new PassportRecognizer(),
        new HmtRecognizer(),
        new ChinesePlateRecognizer(),
        new EmailRecognizer(),
        new ImAccountRecognizer(),
        new NetworkAddressRecognizer(),
        new DateOfBirthRecognizer(options),
        new SecretRecognizer(),
        new AddressRecognizer(),
        new PersonRecognizer(options),
        new EnglishPersonRecognizer(),
    ];
}
