namespace Zhiku.Core.Privacy;

/// <summary>What the <see cref="Desensitizer"/> does with one kind of personal data.</summary>
public enum PiiOperator
{
    /// <summary>Replace with a placeholder such as [姓名_1], the same one for the same value within a session,
    /// so a model can reason about it and the answer can be re-identified.</summary>
    Pseudonymize = 0,

    /// <summary>Hide most characters: 138****5678, 1101 **** **** 3256, 张*.</summary>
    Mask,

    /// <summary>Replace with the type label only: [手机号].</summary>
    Redact,

    /// <summary>Keep a coarse version: a birth date's year, an address's city; other types are redacted.</summary>
    Generalize,

    /// <summary>Leave the value as it is (organisation identifiers by default).</summary>
    Keep,
}
