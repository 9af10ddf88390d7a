namespace Zhiku.Core.Privacy;

/// <summary>统一社会信用代码 (GB 32100-2015): 18 characters, mod-31 check character; the embedded
/// organisation code (characters 9–17) carries its own GB 11714 mod-11 check.</summary>
public static class UsccValidator
{
    /// <summary>The 31 characters a code may contain (no I, O, S, V, Z).</summary>
    public const string Alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";

    private static readonly int[] Weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
    private static readonly int[] OrgWeights = [3, 7, 9, 10, 5, 8, 4, 2];

    /// <summary>Whether the 18 characters use the alphabet, have a numeric region part and a correct check character.</summary>
    public static bool IsValid(ReadOnlySpan<char> code)
    {
        if (code.Length != 18)
        {
            return false;
        }

        for (int i = 2; i < 8; i++)
        {
            if (!Boundaries.IsDigit(code[i]))
            {
                return false;
            }
        }

        return TryComputeCheckChar(code[..17], out char check) && char.ToUpperInvariant(code[17]) == check;
    }

    /// <summary>Computes the mod-31 check character of the first 17 characters.</summary>
    public static bool TryComputeCheckChar(ReadOnlySpan<char> first17, out char check)
    {
        check = '\0';
        if (first17.Length != 17)
        {
            return false;
        }

        int sum = 0;
        for (int i = 0; i < 17; i++)
        {
            int v = Alphabet.IndexOf(char.ToUpperInvariant(first17[i]));
            if (v < 0)
            {
                return false;
            }

            sum += v * Weights[i];
        }

        check = Alphabet[(31 - (sum % 31)) % 31];
        return true;
    }

    /// <summary>Whether characters 9–17 form an organisation code with a correct GB 11714 check character.</summary>
    public static bool HasValidOrganizationCode(ReadOnlySpan<char> code)
    {
        if (code.Length != 18)
        {
            return false;
        }

        ReadOnlySpan<char> org = code.Slice(8, 9);
        int sum = 0;
        for (int i = 0; i < 8; i++)
        {
            char c = char.ToUpperInvariant(org[i]);
            int v = Boundaries.IsDigit(c) ? c - '0' : c is >= 'A' and <= 'Z' ? c - 'A' + 10 : -1;
            if (v < 0)
            {
                return false;
            }

            sum += v * OrgWeights[i];
        }

        int r = 11 - (sum % 11);
        char expected = r == 10 ? 'X' : r == 11 ? '0' : (char)('0' + r);
        return char.ToUpperInvariant(org[8]) == expected;
    }
}
