namespace Zhiku.Core.Privacy;

/// <summary>Check characters of Hong Kong identity cards (HKID) and Taiwan national identification numbers.</summary>
public static class HmtIdValidator
{
    // Taiwan: the letter stands for a two-digit area number; I, O, W, X, Y, Z are out of order historically.
    private const string TaiwanLetters = "ABCDEFGHJKLMNPQRSTUVXYWZIO";

    /// <summary>Validates an HKID given as its letters, six digits and check character, without brackets:
    /// "A1234563" or "AB9876543".</summary>
    public static bool IsValidHongKong(ReadOnlySpan<char> id)
    {
        if (id.Length is not (8 or 9))
        {
            return false;
        }

        int letters = id.Length - 7;
        int sum = letters == 1 ? 36 * 9 : 0;
        int weight = letters == 1 ? 8 : 9;
        for (int i = 0; i < id.Length - 1; i++)
        {
            char c = char.ToUpperInvariant(id[i]);
            int v;
            if (i < letters)
            {
                if (c is < 'A' or > 'Z')
                {
                    return false;
                }

                v = c - 'A' + 10;
            }
            else
            {
                if (!Boundaries.IsDigit(c))
                {
                    return false;
                }

                v = c - '0';
            }

            sum += v * weight;
            weight--;
        }

        int r = sum % 11;
        char expected = r == 0 ? '0' : r == 1 ? 'A' : (char)('0' + (11 - r));
        return char.ToUpperInvariant(id[^1]) == expected;
    }

    /// <summary>Validates a Taiwan ID: a letter, 1 or 2 (sex), eight digits, mod-10 weighted check.</summary>
    public static bool IsValidTaiwan(ReadOnlySpan<char> id)
    {
        if (id.Length != 10)
        {
            return false;
        }

        int index = TaiwanLetters.IndexOf(char.ToUpperInvariant(id[0]));
        if (index < 0 || id[1] is not ('1' or '2'))
        {
            return false;
        }

        int area = index + 10;
        int sum = (area / 10) + ((area % 10) * 9);
        for (int i = 1; i < 10; i++)
        {
            if (!Boundaries.IsDigit(id[i]))
            {
                return false;
            }

            int w = i == 9 ? 1 : 9 - i;
            sum += (id[i] - '0') * w;
        }

        return sum % 10 == 0;
    }
}
