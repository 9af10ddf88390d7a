using System.Text;

namespace Zhiku.Core.Privacy;

/// <summary>
/// Replaces the personal data in a text according to a <see cref="DesensitizationPolicy"/> before the text is
/// sent to a model. Placeholders come from the conversation's <see cref="PseudonymSession"/>, so the same value
/// gets the same placeholder in every chunk and turn. Thread-safe.
/// </summary>
public sealed class Desensitizer
{
    private readonly PiiDetector _detector;
    private readonly SensitiveCategoryClassifier _categories = new();

    /// <summary>A desensitizer using <paramref name="detector"/> and <paramref name="policy"/> (default: <see cref="DesensitizationPolicy.Default"/>).</summary>
    public Desensitizer(PiiDetector detector, DesensitizationPolicy? policy = null)
    {
        ArgumentNullException.ThrowIfNull(detector);
        _detector = detector;
        Policy = policy ?? DesensitizationPolicy.Default;
    }

    /// <summary>The operators in force.</summary>
    public DesensitizationPolicy Policy { get; }

    /// <summary>Desensitizes <paramref name="text"/>, adding new placeholders to <paramref name="session"/>.</summary>
    public DesensitizationResult Desensitize(string text, PseudonymSession session)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(session);
        IReadOnlyList<PiiEntity> entities = _detector.Detect(text);
        bool chinese = text.Any(Boundaries.IsHan);
        var output = new StringBuilder(text.Length);
        var spans = new List<DesensitizedSpan>(entities.Count);
        var placeholders = new Dictionary<string, string>(StringComparer.Ordinal);
        int at = 0;
        foreach (PiiEntity entity in entities)
        {
            string value = entity.ValueIn(text);
            PiiOperator op = Policy.OperatorFor(entity.Type);
            string? replacement = op switch
            {
                PiiOperator.Keep => null,
                PiiOperator.Pseudonymize => session.GetOrAdd(entity.Type, value, chinese),
                PiiOperator.Mask => PiiMasker.Mask(entity.Type, value),
                PiiOperator.Generalize => PiiMasker.Generalize(entity.Type, value, chinese) ?? Redacted(entity.Type, chinese),
                _ => Redacted(entity.Type, chinese),
            };

            output.Append(text, at, entity.Start - at).Append(replacement ?? value);
            at = entity.End;
            spans.Add(new DesensitizedSpan(entity.Type, entity.Start, entity.End, op, replacement));
            if (op == PiiOperator.Pseudonymize && replacement is not null)
            {
                placeholders[replacement] = value;
            }
        }

        output.Append(text, at, text.Length - at);
        return new DesensitizationResult(output.ToString(), spans, placeholders, _categories.Classify(text));
    }

    private static string Redacted(string type, bool chinese) => "[" + (chinese ? PiiTypes.ChineseLabel(type) : PiiTypes.EnglishLabel(type)) + "]";
}
