using CsCheck;
using Zhiku.Core.Privacy;

namespace Zhiku.Core.Tests.Privacy;

public sealed class PiiPropertyTests
{
    private static readonly DateOnly Today = new(2025, 6, 1);
    private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    private static readonly HashSet<string> Provinces =
        ["11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65", "71", "81", "82"];

    private static readonly Gen<string> ValidId =
        from region in Gen.Const(0).Select(_ => 0).SelectMany(_ => Gen.Int[0, 5]).Select(i => new[] { "110101", "310104", "440305", "510107", "650102", "820000" }[i])
        from days in Gen.Int[0, 365 * 120]
        from seq in Gen.Int[0, 999]
        let birth = new DateOnly(1905, 1, 1).AddDays(days)
        let body = region + birth.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture) + seq.ToString("D3", System.Globalization.CultureInfo.InvariantCulture)
        where birth <= Today
        select body + Check(body);

    private static char Check(string body17) => "10X98765432"[body17.Select((c, i) => (c - '0') * Weights[i]).Sum() % 11];

    [Fact]
    public void EveryGeneratedValidIdIsFoundNextToChineseText()
    {
        var detector = new PiiDetector(new PiiDetectorOptions { UseJieba = false });
        ValidId.Sample(id =>
        {
            string text = "身份证" + id + "号码";
            return detector.Detect(text).Any(e => e.Type == PiiTypes.ChineseId && e.ValueIn(text) == id);
        }, iter: 300);
    }

    [Fact]
    public void RandomEighteenDigitNumberIsAcceptedOnlyWhenRegionDateAndCheckPass()
    {
        Gen.String[Gen.Char['0', '9'], 18, 18].Sample(n =>
        {
            bool region = Provinces.Contains(n[..2]) && (n[..2] is "71" or "81" or "82" || (int.Parse(n[2..4]) is >= 1 and <= 70 or 90 && n[4..6] != "00"));
            bool date = DateOnly.TryParseExact(n[6..14], "yyyyMMdd", out DateOnly d) && d.Year >= 1900 && d <= Today;
            bool check = Check(n[..17]) == n[17];
            return ChineseIdValidator.IsValid18(n, Today) == (region && date && check);
        }, iter: 5000);
    }

    [Fact]
    public void ValidIdsWithBirthDatesNearTodayAlwaysPassTheOracle()
    {
        // The uniform generator above rarely hits valid numbers; this one checks the accepting side.
        ValidId.Sample(id => ChineseIdValidator.IsValid18(id, Today), iter: 300);
    }

    [Fact]
    public void LuhnCheckDigitMakesAnyBodyPass()
    {
        Gen.String[Gen.Char['0', '9'], 15, 18].Sample(body => BankCardValidator.PassesLuhn(body + BankCardValidator.ComputeCheckDigit(body)), iter: 500);
    }
}
