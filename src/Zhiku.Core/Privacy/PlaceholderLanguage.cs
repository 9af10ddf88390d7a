namespace Zhiku.Core.Privacy;

/// <summary>Which labels placeholders use: [姓名_1] or [PERSON_1].</summary>
public enum PlaceholderLanguage
{
    /// <summary>Chinese labels when the text contains Chinese characters, English ones otherwise.</summary>
    Auto = 0,
    /// <summary>Always Chinese labels.</summary>
    Chinese,
    /// <summary>Always English labels.</summary>
    English,
}
