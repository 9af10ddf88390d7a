namespace Zhiku.Core.Privacy;

/// <summary>Luhn (mod 10) check and issuer prefix plausibility for payment card numbers.</summary>
public static class BankCardValidator
{
    /// <summary>Whether the digits pass the Luhn check. Non-digits make it false.</summary>
    public static bool PassesLuhn(ReadOnlySpan<char> digits)
    {
        if (digits.Length < 2)
        {
            return false;
        }

        int sum = 0;
        bool doubleIt = false;
        for (int i = digits.Length - 1; i >= 0; i--)
        {
            char c = digits[i];
            if (!Boundaries.IsDigit(c))
            {
                return false;
            }

            int d = c - '0';
            if (doubleIt)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }

            sum += d;
            doubleIt = !doubleIt;
        }

        return sum % 10 == 0;
    }

    /// <summary>The Luhn check digit to append to <paramref name="body"/>.</summary>
    public static char ComputeCheckDigit(ReadOnlySpan<char> body)
    {
        Span<char> probe = stackalloc char[body.Length + 1];
        body.CopyTo(probe);
        for (char d = '0'; d <= '9'; d++)
        {
            probe[^1] = d;
            if (PassesLuhn(probe))
            {
                return d;
            }
        }

        throw new ArgumentException("Expected ASCII digits.", nameof(body));
    }

    /// <summary>Whether the number starts with an issuer range a 16–19 digit card uses: Visa 4, Mastercard
    /// 51–55 and 2221–2720, UnionPay/Discover 6, JCB 35, UnionPay 81, and 19-digit domestic debit cards
    /// starting with 9 (9558…).</summary>
    public static bool HasPlausiblePrefix(ReadOnlySpan<char> digits)
    {
        if (digits.Length < 4)
        {
            return false;
        }

        int first4 = int.TryParse(digits[..4], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int v) ? v : -1;
        return digits[0] switch
        {
            '4' or '6' => true,
            '5' => digits[1] is >= '1' and <= '5',
            '2' => first4 is >= 2221 and <= 2720,
            '3' => digits[1] == '5',
            '8' => digits[1] == '1',
            '9' => digits.Length == 19,
            _ => false,
        };
    }
}
