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

    /// <summary>Whether the number starts like a card a bank in China issues or accepts: UnionPay 62/81,
    /// Visa 4, Mastercard 2/5, JCB/Amex 3, domestic debit 60/9.</summary>
    public static bool HasPlausiblePrefix(ReadOnlySpan<char> digits) =>
        digits.Length > 1 && digits[0] is '2' or '3' or '4' or '5' or '6' or '9' || digits.StartsWith("81");
}
