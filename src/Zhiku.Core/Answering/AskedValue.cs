using System.Text.RegularExpressions;

namespace Zhiku.Core.Answering;

/// <summary>The kind of value a question asks for (多少/几/多久/哪天/哪里/谁, how much/long, when, where, who).</summary>
public enum AskedKind
{
    /// <summary>No particular kind: a yes/no, how or what question.</summary>
    None,

    /// <summary>A count, amount, rate or other number (多少, 几, how much, how many).</summary>
    Number,

    /// <summary>A length of time (多久, 多长时间, 几天, how long).</summary>
    Duration,

    /// <summary>A date, a day or a time of day (哪天, 几号, 几点, 什么时候, when).</summary>
    Date,

    /// <summary>A place or an address (哪里, 在哪, 地址, where).</summary>
    Place,

    /// <summary>A person, role or department (谁, 哪位, who).</summary>
    Person,
}

/// <summary>
/// Recognizes what kind of value a question asks for, and whether a sentence holds a value of that kind, so the
/// extractive answerer can prefer the sentence that answers over one that only repeats the question's words.
/// </summary>
public static partial class AskedValue
{
    /// <summary>The kind of value <paramref name="question"/> asks for; the first matching kind wins, the most specific first.</summary>
    public static AskedKind Of(string question)
    {
        if (DurationQuestion().IsMatch(question))
        {
            return AskedKind.Duration;
        }

        if (DateQuestion().IsMatch(question))
        {
            return AskedKind.Date;
        }

        if (PlaceQuestion().IsMatch(question))
        {
            return AskedKind.Place;
        }

        if (PersonQuestion().IsMatch(question))
        {
            return AskedKind.Person;
        }

        return NumberQuestion().IsMatch(question) ? AskedKind.Number : AskedKind.None;
    }

    /// <summary>
    /// The question with the Chinese phrase that asks for the value (几号, 几点, 什么时候, 多少钱, 多久, 哪里, 谁 …) blanked
    /// out. The answer holds a value in its place, not those words, so they and the bigrams across their edges (会几 and
    /// 点开 in 年会几点开始) are not key terms; whether the sentence holds the value is scored by <see cref="Holds"/>.
    /// </summary>
    public static string WithoutAskedPhrase(string question) => ChineseAskedPhrase().Replace(question, " ");

    /// <summary>True when <paramref name="sentence"/> holds a value of the kind asked for (always true for <see cref="AskedKind.None"/>).</summary>
    public static bool Holds(string sentence, AskedKind kind) => kind switch
    {
        AskedKind.None => true,
        AskedKind.Number => NumberValue().IsMatch(sentence),
        AskedKind.Duration => DurationValue().IsMatch(sentence),
        AskedKind.Date => DateValue().IsMatch(sentence),
        AskedKind.Place => PlaceValue().IsMatch(sentence),
        AskedKind.Person => PersonValue().IsMatch(sentence),
        _ => false,
    };

    [GeneratedRegex(@"多久|多长时间|多长|几天|几个月|几年|几周|几个星期|几小时|几个小时|几分钟|多少天|多少年|多少小时|多少分钟|期限|時間多長|多長|\bhow long\b|\bhow many (?:days|weeks|months|years|hours|minutes)\b", RegexOptions.IgnoreCase)]
    private static partial Regex DurationQuestion();

    [GeneratedRegex(@"哪天|哪一天|几号|几月|几点|什么时候|什么时间|何时|哪年|哪一年|哪个月|截止|什麼時候|幾號|幾點|\bwhen\b|\bwhat (?:time|date|day|year|month)\b|\bwhich (?:day|date|year|month)\b|\bby when\b", RegexOptions.IgnoreCase)]
    private static partial Regex DateQuestion();

    [GeneratedRegex(@"哪里|哪儿|在哪|什么地方|什么位置|地址|哪裡|哪兒|什麼地方|\bwhere\b", RegexOptions.IgnoreCase)]
    private static partial Regex PlaceQuestion();

    [GeneratedRegex(@"谁|哪位|什么人|哪个部门|誰|哪個部門|\bwho(?:m|se)?\b", RegexOptions.IgnoreCase)]
    private static partial Regex PersonQuestion();

    [GeneratedRegex(@"多少|几|多大|多高|多重|多远|幾|\bhow (?:much|many|far|big|large|high|old|often)\b|\bwhat (?:percentage|percent|share|proportion|rate|amount|number)\b", RegexOptions.IgnoreCase)]
    private static partial Regex NumberQuestion();

    [GeneratedRegex(@"(?:多少|几|幾)(?:个月|個月|个小时|個小時|小时|小時|分钟|分鐘|个|個|位|名|次|天|年|月|周|週|号|號|点|點|岁|歲|倍|种|種|项|項|元|块|塊|钱|錢|人|家|台|件|条|條|张|張)?|多久|多长时间|多長時間|多长|多長|多大|多高|多重|多远|多遠|什么时候|什麼時候|什么时间|什麼時間|何时|何時|哪一?天|哪一?年|哪个月|哪個月|哪里|哪裡|哪儿|哪兒|什么地方|什麼地方|什么位置|什麼位置|谁|誰|哪位|什么人|什麼人")]
    private static partial Regex ChineseAskedPhrase();

    [GeneratedRegex(@"\d|[一二两三四五六七八九十百千万兩萬半]+(?:个|個|天|年|月|元|次|人|台|倍|周|项|項|份|小时|小時|分钟|分鐘|名|位|家|种|種|成)|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty|hundred|thousand|million|billion|half|once|twice)\b", RegexOptions.IgnoreCase)]
    private static partial Regex NumberValue();

    [GeneratedRegex(@"(?<![\d.,])\d{1,3}(?:[.,]\d+)?\s*(?:个|個)?(?:天|日|周|週|星期|月|年|小时|小時|分钟|分鐘|秒|工作日)|[一二两三四五六七八九十百半兩]+(?:个|個)?(?:天|日|周|週|星期|月|年|小时|小時|分钟|分鐘|工作日)|\b\d+(?:\.\d+)?\s*(?:working |calendar |business )?(?:days?|weeks?|months?|years?|hours?|minutes?|seconds?)\b|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|twelve|half an?)\s+(?:days?|weeks?|months?|years?|hours?|minutes?)\b", RegexOptions.IgnoreCase)]
    private static partial Regex DurationValue();

    [GeneratedRegex(@"\d{1,2}\s*月\s*\d{1,2}\s*[日号號]|\d{4}\s*年|\d{4}-\d{1,2}-\d{1,2}|(?<![\d.])\d{1,2}\s*[日号號]|\d{1,2}\s*[:：]\s*\d{2}|[上下]午|晚上?\s*\d|[早晚]\d|\d+\s*点|星期[一二三四五六日天]|周[一二三四五六日]|次年|当年|之前|以前|以内|前\s*(?:[\d一二两三四五六七八九十]|$)|\b(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b|\b\d{4}\b|\b\d{1,2}[:.]\d{2}\s*(?:am|pm)?\b|\b(?:before|after|within|until|by|during|since)\b", RegexOptions.IgnoreCase)]
    private static partial Regex DateValue();

    [GeneratedRegex(@"[\u4e00-\u9fff](?:省|市|区|區|县|縣|镇|鎮|路|街|道|号楼|號樓|楼|樓|层|層|室|厅|廳|馆|館|中心|大厦|大廈|酒店|会议室|會議室|办公室|辦公室|总部|總部|园区|園區)|\d+\s*(?:楼|樓|层|層|室|号|號)|平台|系统|系統|网盘|網盤|仓库|倉庫|前台|\b(?:in|at|on|from|to)\s+(?:the\s+)?[A-Z][\w-]+|\b(?:room|floor|building|street|road|office|city|country|province|region|platform|system)\b", RegexOptions.IgnoreCase)]
    private static partial Regex PlaceValue();

    [GeneratedRegex(@"负责人|負責人|经理|經理|总监|總監|主管|上级|上級|总经理|總經理|主任|专员|專員|人员|人員|部门|部門|[\u4e00-\u9fff]部|委员会|委員會|\b[A-Z][a-z]+\s+[A-Z][a-z]+\b|\b(?:manager|head|director|department|team|officer|committee|president|chair|staff|employee|he|she|they)\b")]
    private static partial Regex PersonValue();
}
