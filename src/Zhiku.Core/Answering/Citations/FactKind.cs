namespace Zhiku.Core.Answering.Citations;

/// <summary>What kind of checkable fact a flagged span of an answer is.</summary>
public enum FactKind
{
    /// <summary>A number (digits, decimals, percentages, Chinese numerals with a unit).</summary>
    Number,

    /// <summary>A date (2024年3月5日, 2024-03-05, March 5, 2024).</summary>
    Date,

    /// <summary>A sum of money (¥1,200, 1.5万元, $30).</summary>
    Amount,

    /// <summary>A name: multi-word capitalised names, 《titles》, a person before 先生/女士/经理.</summary>
    Name,

    /// <summary>An identifier such as a product or document code (ZK-2024-001).</summary>
    Code,
}
