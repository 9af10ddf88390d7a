namespace Zhiku.Core.Privacy;

/// <summary>
/// Which operator applies to which entity type. Types not listed get <see cref="DefaultOperator"/>.
/// <see cref="Default"/> pseudonymizes everything except CN_USCC (an organisation identifier), which is kept.
/// </summary>
public sealed record DesensitizationPolicy
{
    /// <summary>Pseudonymize everything except CN_USCC, which is kept.</summary>
    public static DesensitizationPolicy Default { get; } = new()
    {
        Operators = new Dictionary<string, PiiOperator>(StringComparer.Ordinal) { [PiiTypes.ChineseUscc] = PiiOperator.Keep },
    };

    /// <summary>Operators by entity type name (see <see cref="PiiTypes"/>).</summary>
    public IReadOnlyDictionary<string, PiiOperator> Operators { get; init; } = new Dictionary<string, PiiOperator>(StringComparer.Ordinal);

    /// <summary>The operator for types not in <see cref="Operators"/>.</summary>
    public PiiOperator DefaultOperator { get; init; } = PiiOperator.Pseudonymize;

    /// <summary>The operator for <paramref name="type"/>.</summary>
    public PiiOperator OperatorFor(string type) => Operators.TryGetValue(type, out PiiOperator op) ? op : DefaultOperator;

    /// <summary>A copy with <paramref name="type"/> handled by <paramref name="op"/>.</summary>
    public DesensitizationPolicy With(string type, PiiOperator op)
    {
        var operators = new Dictionary<string, PiiOperator>(Operators, StringComparer.Ordinal) { [type] = op };
        return this with { Operators = operators };
    }
}
