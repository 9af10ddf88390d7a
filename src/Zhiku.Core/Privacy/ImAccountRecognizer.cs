using System.Text.RegularExpressions;

namespace Zhiku.Core.Privacy;

/// <summary>IM_ACCOUNT: QQ numbers and WeChat ids right after their cue words (QQ号：123456789, 微信号 zhang_wei88,
/// WeChat: wxid_…). Without a cue a five-to-eleven-digit number or a short Latin word is far too common to report.</summary>
internal sealed partial class ImAccountRecognizer : IPiiRecognizer
{
    // QQ numbers: 5 to 11 digits, no leading zero.
    [GeneratedRegex(@"(?i)(?:QQ|扣扣)(?:号码|号|账号|帐号|群)?\s*(?:是|为|:|：)?\s*(?<v>[1-9][0-9]{4,10})(?![0-9])")]
    private static partial Regex Qq();

    // WeChat ids: 6 to 20 letters, digits, '_' or '-', starting with a letter (wxid_… included).
    [GeneratedRegex(@"(?i)(?:微信|weixin|wechat|V信|vx|wx)(?:号|账号|帐号|\s*id)?\s*(?:是|为|:|：)?\s*(?<v>[A-Za-z][A-Za-z0-9_-]{5,19})(?![A-Za-z0-9_-])")]
    private static partial Regex WeChat();

    public void Recognize(NormalizedText text, ICollection<PiiEntity> results)
    {
        string s = text.Text;
        foreach (Match m in Qq().Matches(s))
        {
            Group v = m.Groups["v"];
            if (CueStandsAlone(s, m.Index))
            {
                results.Add(new PiiEntity(PiiTypes.ImAccount, v.Index, v.Index + v.Length, 0.9));
            }
        }

        foreach (Match m in WeChat().Matches(s))
        {
            Group v = m.Groups["v"];
            if (CueStandsAlone(s, m.Index))
            {
                results.Add(new PiiEntity(PiiTypes.ImAccount, v.Index, v.Index + v.Length, 0.85));
            }
        }
    }

    // "wx" inside "wxWidgets" or "QQ" inside "QQQ" is not a cue.
    private static bool CueStandsAlone(string s, int at) => at == 0 || !Boundaries.IsLetter(s[at - 1]);
}
