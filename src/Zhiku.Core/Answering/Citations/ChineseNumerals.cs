namespace Zhiku.Core.Answering.Citations;

/// <summary>Reads Chinese numerals (五, 十五, 一百二十, 两千, 一万五千, 二〇二四) as numbers, so "五天" meets "5天".</summary>
internal static class ChineseNumerals
{
    public const string Characters = "零〇一二两三四五六七八九十百千万亿";

    private static int Digit(char c) => c switch
    {
        '零' or '〇' => 0,
        '一' => 1,
        '二' or '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => -1,
    };

    /// <summary>The value, or null when the run is not a well-formed numeral.</summary>
    public static long? Parse(string text)
    {
        if (text.Length == 0 || text.Any(c => !Characters.Contains(c)))
        {
            return null;
        }

        // Digit-by-digit form (二〇二四) used for years and codes.
        if (text.Length > 1 && text.All(c => Digit(c) >= 0))
        {
            long digits = 0;
            foreach (char c in text)
            {
                digits = (digits * 10) + Digit(c);
            }

            return digits;
        }

        long total = 0, section = 0, number = 0;
        bool any = false;
        foreach (char c in text)
        {
            int d = Digit(c);
            if (d >= 0)
            {
                number = d;
                any = true;
                continue;
            }

            long unit = c switch { '十' => 10, '百' => 100, '千' => 1000, '万' => 10_000, _ => 100_000_000 };
            if (unit < 10_000)
            {
                section += (number == 0 && unit == 10 ? 1 : number) * unit;
                number = 0;
            }
            else
            {
                if (section + number == 0 && !any)
                {
                    return null;
                }

                total = (total + section + number) * unit;
                section = 0;
                number = 0;
            }

            any = true;
        }

        return any ? total + section + number : null;
    }
}
