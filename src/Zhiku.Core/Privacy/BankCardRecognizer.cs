using System.Text.RegularExpressions;

namespace Zhiku.Core.Privacy;

/// <summary>
/// BANK_CARD: 16–19 digits, plain or grouped by four, passing Luhn with a plausible issuer prefix. Next to
/// 卡号/账号/开户行 a number failing Luhn is kept at a medium score (a typo is still someone's account).
/// </summary>
internal sealed partial class BankCardRecognizer(PiiDetectorOptions options) : IPiiRecognizer
{
    private static readonly string[] Cues =
    [
        "卡号", "账号", "帐号", "开户行", "开户银行", "银行卡", "借记卡", "信用卡", "储蓄卡", "收款账户", "银行账户", "户名",
        "card", "account", "iban", "bank",
    ];

    // Numbers of these kinds are long digit strings too; without a bank cue they are not cards.
    private static readonly string[] NegativeCues =
    [
        "订单", "单号", "流水", "编号", "运单", "快递", "发票", "工单", "批次", "序列号", "合同号", "交易号",
        "order", "invoice", "tracking", "serial", "ticket", "ref", "txn", "transaction",
    ];

    [GeneratedRegex(@"(?<![0-9])(?:[0-9]{16,19}|[0-9]{4}([ -])[0-9]{4}\1[0-9]{4}\1[0-9]{4}(?:\1[0-9]{1,3})?|[0-9]{6}[ -][0-9]{10,13})(?![0-9])")]
    private static partial Regex Card();

    public void Recognize(NormalizedText text, ICollection<PiiEntity> results)
    {
        string s = text.Text;
        DateOnly today = options.Today;
        foreach (ValueMatch m in Card().EnumerateMatches(s))
        {
            int end = m.Index + m.Length;
            if (!Boundaries.NumberStartOk(s, m.Index) || !Boundaries.NumberEndOk(s, end))
            {
                continue;
            }

            string digits = Boundaries.Compact(s.AsSpan(m.Index, m.Length));
            bool cue = Boundaries.CueBefore(s, m.Index, 16, Cues);
            bool luhn = BankCardValidator.PassesLuhn(digits) && BankCardValidator.HasPlausiblePrefix(digits);
            double score;
            if (cue)
            {
                score = luhn ? 0.97 : 0.6;
            }
            else if (!luhn || Boundaries.CueBefore(s, m.Index, 12, NegativeCues) || LooksLikeIdNumber(digits, today))
            {
                continue;
            }
            else
            {
                score = 0.85;
            }

            results.Add(new PiiEntity(PiiTypes.BankCard, m.Index, end, score));
        }
    }

    // An 18-digit number with a real region and birth date but a wrong check digit is a mistyped ID, not a card.
    private static bool LooksLikeIdNumber(string digits, DateOnly today) =>
        digits.Length == 18 && ChineseIdValidator.IsValidRegion(digits) && ChineseIdValidator.TryBirthDate(digits.AsSpan(6, 8), today, out _);
}
