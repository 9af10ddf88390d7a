namespace Zhiku.Core.Tests.Privacy;

/// <summary>Valid identifiers for leak tests: 居民身份证 numbers with GB 11643 check digits and Luhn-valid bank cards.</summary>
internal static class CanaryIds
{
    public static string ChineseId(int seed)
    {
        string body = $"110105{1970 + seed % 30}{1 + seed % 12:D2}{1 + seed % 28:D2}{100 + seed % 900:D3}";
        int[] weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
        int sum = body.Select((c, i) => (c - '0') * weights[i]).Sum();
        return body + "10X98765432"[sum % 11];
    }

    public static string BankCard(int seed)
    {
        string body = $"622588{seed:D3}{4471_2209 + seed * 13:D9}"[..15];
        int sum = 0;
        for (int i = 0; i < body.Length; i++)
        {
            int digit = body[body.Length - 1 - i] - '0';
            if (i % 2 == 0)
            {
                digit *= 2;
                if (digit > 9)
                {
                    digit -= 9;
                }
            }

            sum += digit;
        }

        return body + (char)('0' + (10 - sum % 10) % 10);
    }
}
