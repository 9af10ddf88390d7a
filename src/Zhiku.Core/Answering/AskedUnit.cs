using System.Text.RegularExpressions;

namespace Zhiku.Core.Answering;

/// <summary>
/// The unit a question asks its value in (几天 → days, 几次 → times, 几点 → a clock time, 多少钱 → money, 比例是多少 → a
/// percentage, how many days → days), and whether a sentence holds a number in that unit. Finer than
/// <see cref="AskedKind"/>: of two sentences that both hold a number next to the question's words, the one in the
/// asked unit answers (事假一年最多几天 → 不超过15天, not 一年以上的合同试用期为二个月).
/// </summary>
public sealed partial class AskedUnit
{
    private const string Numeral = @"(?:\d[\d,.]*|[一二两三四五六七八九十百千万半兩萬]+)";

    private static readonly (Regex Question, Regex Value, string Name)[] Units =
    [
        (Q(@"(?:几|幾|多少)(?:个|個)?(?:工作日|天)|\bhow many (?:\w+ )?days\b"),
            V(Numeral + @"\s*(?:个|個)?(?:工作日|天|日(?![\d期]))|\b\d+\s*(?:\w+ )?days?\b|\b(?:one|two|three|four|five|six|seven|ten|fifteen|thirty) (?:\w+ )?days?\b"), "day"),
        (Q(@"(?:几|幾|多少)(?:个|個)?(?:周|週|星期|礼拜)|\bhow many weeks\b"), V(Numeral + @"\s*(?:个|個)?(?:周|週|星期|礼拜)|\b\w+ weeks?\b"), "week"),
        (Q(@"(?:几|幾|多少)(?:个|個)月|\bhow many months\b"), V(@"\d+\s*(?:个|個)月|[一二两三四五六七八九十半兩]+(?:个|個)?月(?![\d一二三四五六七八九十]*[日号])|\b\w+ months?\b"), "month"),
        (Q(@"(?:几|幾|多少)年(?![级級])|\bhow many years\b"), V(@"(?<!\d)\d{1,3}(?:\.\d+)?\s*(?:多)?年(?!\d)|[一二两三四五六七八九十半兩]+年|\b\w+ years?\b"), "year"),
        (Q(@"(?:几|幾|多少)(?:个|個)?(?:小时|小時|钟头|鐘頭)|\bhow many hours\b"), V(Numeral + @"\s*(?:个|個)?(?:小时|小時|钟头|鐘頭)|\b\w+ hours?\b"), "hour"),
        (Q(@"(?:几|幾|多少)分钟|(?:几|幾|多少)分鐘|\bhow many minutes\b"), V(Numeral + @"\s*(?:分钟|分鐘)|\b\w+ minutes?\b"), "minute"),
        (Q(@"(?:几|幾|多少)(?:次|回)|\bhow many times\b|\bhow often\b"), V(Numeral + @"\s*(?:次|回)|\b(?:once|twice|\w+ times)\b"), "times"),
        (Q(@"(?:几|幾)点|(?:幾|几)點|什么时间(?:开始|结束|上班|下班)|\bwhat time\b"), V(@"\d{1,2}\s*[:：]\s*\d{2}|\d{1,2}\s*[点點](?:半|\d)?|[早晚上下中]午?\s*\d|\b\d{1,2}(?:[:.]\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.)|\bnoon\b|\bmidnight\b"), "clock"),
        (Q(@"(?:几|幾)[号號]|(?:几|幾)月(?:几|幾)|哪一?天|\bwhat date\b|\bwhich day\b"), V(@"\d{1,2}\s*[日号號]|[一二三四五六七八九十]+[日号號]|星期[一二三四五六日天]|周[一二三四五六日]|\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b|\b\d{1,2}(?:st|nd|rd|th)?\s+(?:January|February|March|April|May|June|July|August|September|October|November|December)\b|\b(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+\d{1,2}\b"), "day of month"),
        (Q(@"多少钱|多少錢|(?:几|幾|多少)(?:块|塊|元|万元|萬元|美元)|(?:价格|價格|售价|售價|报价|報價|价钱|價錢|费用|費用|金额|金額|工资|工資|薪水|薪资|补贴|補貼|补助|補助|奖金|獎金|经费|經費|预算|預算|收入|营收|營收|利润|利潤)(?:是|有|为|為)?多少|\bhow much (?:money|does|do|is|are|will|did)\b|\b(?:price|cost|fee|salary|budget|revenue|allowance)\b"),
            V(Numeral + @"\s*(?:万|萬|亿|億|千)?\s*(?:元|块|塊|美元|欧元|歐元|英镑|英鎊|日元)|(?:RMB|CNY|USD|EUR|GBP|HKD|¥|￥|\$|€|£)\s*\d|\b\d[\d,.]*\s*(?:yuan|dollars?|euros?|pounds?|RMB|USD|EUR)\b"), "money"),
        (Q(@"(?:率|比例|比率|比重|占比|佔比|百分比|份额|份額)(?:是|有|为|為|达到|達到)?(?:多少|几|幾)|百分之(?:几|幾|多少)|\bwhat (?:percentage|percent|proportion|share|rate)\b|\bhow many percent\b"), V(@"\d\s*[%％]|百分之|分之|\d\s*(?:成|个百分点|個百分點)|[一二三四五六七八九]成|\d+\s*比\s*\d+|\bper ?cent\b"), "percent"),
        (Q(@"(?<!第)(?:几|幾|多少)(?:个|個)?(?:人|名|位)(?![置])|\bhow many (?:people|persons|employees|staff|members|students|workers)\b"), V(Numeral + @"\s*(?:万|萬|千|百|亿|億)?\s*多?\s*(?:人|名|位|居民|人口)|" + Numeral + @"\s*(?:万|萬|亿|億)(?![元块塊美欧歐日英港])|分之|\b\d[\d,]*\s*(?:people|persons|employees|staff|members|students|workers)\b"), "people"),
        (Q(@"(?:几|幾|多少)(?:岁|歲)|\bhow old\b"), V(Numeral + @"\s*(?:周)?(?:岁|歲)|\b\d+\s*(?:years? old|years? of age)\b|\baged? \d+\b"), "age"),
        (Q(@"(?:几|幾|多少)倍"), V(Numeral + @"\s*倍|翻[了一两二三四五六七八九十]{0,3}番"), "multiple"),
    ];

    private readonly Regex _value;

    private AskedUnit(string name, Regex value)
    {
        this.Name = name;
        this._value = value;
    }

    /// <summary>A short name of the unit (day, times, clock, money, percent …), for tracing and tests.</summary>
    public string Name { get; }

    /// <summary>The unit <paramref name="question"/> asks its value in, or null when it names none.</summary>
    public static AskedUnit? Of(string question)
    {
        foreach ((Regex q, Regex value, string name) in Units)
        {
            if (q.IsMatch(question))
            {
                return new AskedUnit(name, value);
            }
        }

        return null;
    }

    /// <summary>True when <paramref name="sentence"/> holds a value in this unit.</summary>
    public bool Holds(string sentence) => _value.IsMatch(sentence);

    private static Regex Q(string pattern) => new(pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled);

    private static Regex V(string pattern) => new(pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled);
}
