using System.Globalization;

namespace Zhiku.Core.Privacy;

/// <summary>
/// Validates 居民身份证 numbers (GB 11643-1999): region code, a real birth date not in the future and,
/// for 18-digit numbers, the ISO 7064 MOD 11-2 check character.
/// </summary>
/// <remarks>
/// The region check uses the province-level table of GB/T 2260 and the structure of the rest of the code
/// (prefecture 01–70 or 90, county not 00). A full county table is deliberately not used: numbers issued
/// under county codes that have since been abolished remain valid for life.
/// </remarks>
public static class ChineseIdValidator
{
    private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    private const string CheckChars = "10X98765432";

    // GB/T 2260 province-level codes, plus 71 Taiwan, 81 Hong Kong, 82 Macau (used by residence permits).
    private static readonly HashSet<int> Provinces =
    [
        11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46,
        50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82,
    ];

    /// <summary>Whether the first six digits form a plausible administrative region code.</summary>
    public static bool IsValidRegion(ReadOnlySpan<char> code)
    {
        if (code.Length < 6 || !AllDigits(code[..6]))
        {
            return false;
        }

        int province = ((code[0] - '0') * 10) + (code[1] - '0');
        int prefecture = ((code[2] - '0') * 10) + (code[3] - '0');
        int county = ((code[4] - '0') * 10) + (code[5] - '0');
        if (!Provinces.Contains(province))
        {
            return false;
        }

        // Hong Kong, Macau and Taiwan residence permits use 810000 / 820000 / 830000.
        if (province is 71 or 81 or 82)
        {
            return true;
        }

        return (prefecture is >= 1 and <= 70 || prefecture == 90) && county >= 1;
    }

    /// <summary>The check character (0–9 or X) for the first 17 digits.</summary>
    public static char ComputeCheckChar(ReadOnlySpan<char> first17)
    {
        if (first17.Length != 17 || !AllDigits(first17))
        {
            throw new ArgumentException("Expected exactly 17 ASCII digits.", nameof(first17));
        }

        int sum = 0;
        for (int i = 0; i < 17; i++)
        {
            sum += (first17[i] - '0') * Weights[i];
        }

        return CheckChars[sum % 11];
    }

    /// <summary>Whether <paramref name="id"/> is a valid 18-digit or 15-digit number as of <paramref name="today"/>.</summary>
    public static bool IsValid(ReadOnlySpan<char> id, DateOnly today) => id.Length switch
    {
        18 => IsValid18(id, today),
        15 => IsValid15(id, today),
        _ => false,
    };

    /// <summary>18 digits (last may be X): region, birth date (1900 to <paramref name="today"/>), check character.</summary>
    public static bool IsValid18(ReadOnlySpan<char> id, DateOnly today)
    {
        if (id.Length != 18 || !AllDigits(id[..17]))
        {
            return false;
        }

        char last = char.ToUpperInvariant(id[17]);
        if (!(Boundaries.IsDigit(last) || last == 'X'))
        {
            return false;
        }

        return IsValidRegion(id) && TryBirthDate(id.Slice(6, 8), today, out _) && ComputeCheckChar(id[..17]) == last;
    }

    /// <summary>15 digits (issued before 1999): region and a birth date in the 1900s.</summary>
    public static bool IsValid15(ReadOnlySpan<char> id, DateOnly today)
    {
        if (id.Length != 15 || !AllDigits(id))
        {
            return false;
        }

        Span<char> date = stackalloc char[8];
        date[0] = '1';
        date[1] = '9';
        id.Slice(6, 6).CopyTo(date[2..]);
        return IsValidRegion(id) && TryBirthDate(date, today, out _);
    }

    /// <summary>Parses a yyyyMMdd birth date that exists, is not before 1900 and not after <paramref name="today"/>.</summary>
    public static bool TryBirthDate(ReadOnlySpan<char> yyyymmdd, DateOnly today, out DateOnly date)
    {
        date = default;
        if (yyyymmdd.Length != 8 || !AllDigits(yyyymmdd))
        {
            return false;
        }

        if (!DateOnly.TryParseExact(yyyymmdd, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
        {
            return false;
        }

        return date.Year >= 1900 && date <= today;
    }

    private static bool AllDigits(ReadOnlySpan<char> s)
    {
        foreach (char c in s)
        {
            if (!Boundaries.IsDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
