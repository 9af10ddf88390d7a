namespace Zhiku.Core.Documents;

/// <summary>One cell as displayed; <paramref name="IsText"/> when it holds text rather than a number, date or boolean.</summary>
internal readonly record struct SpreadsheetCell(string Text, bool IsText)
{
    /// <summary>An empty cell.</summary>
    public static SpreadsheetCell Empty { get; } = new("", false);
}
