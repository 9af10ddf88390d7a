using System.Text.RegularExpressions;

namespace Zhiku.Core.Privacy;

/// <summary>
/// ADDRESS: anchored on what makes a place an address — a road and number (中山路100号), a building with
/// units (阳光花园3栋2单元), a village group — then extended left over district, city and province names and
/// right over buildings, floors and rooms. English street addresses (12 Main Street, No. 5 Keyuan Road) too.
/// </summary>
internal sealed partial class AddressRecognizer : IPiiRecognizer
{
    private const string StopChars = "在于位至到从址为是的住及与往去来赴、，。：:；;！？!?（）()【】《》“”\"' \t\r\n号处";
    private const string AdminSuffixChars = "区县市省镇乡旗";
    private static readonly string[] LabelCues = ["地址", "住址", "住所", "地点", "位于", "居住", "寄往", "送至", "户籍", "住在", "address", "located at", "lives at"];

    [GeneratedRegex(@"(?:大街|大道|公路|胡同|路|街|巷|弄|道)(?:[0-9]{1,5}|[一二三四五六七八九十百零〇]{1,4})(?:-[0-9]{1,4})?(?:号|弄)")]
    private static partial Regex RoadCore();

    [GeneratedRegex(@"(?:大厦|广场|中心|花园|小区|公寓|大楼|园区|科技园|产业园|家园|新村|苑|写字楼|城|公馆|府)(?=[A-Za-z0-9一二三四五六七八九十]{1,5}(?:号楼|栋|幢|座|单元|楼|层|室))")]
    private static partial Regex BuildingCore();

    [GeneratedRegex(@"(?:村|社区)(?:[0-9]{1,4}|[一二三四五六七八九十]{1,3})(?:组|号|队)")]
    private static partial Regex VillageCore();

    [GeneratedRegex(@"\G(?:(?![的在是和与及或])[\u4e00-\u9fa5A-Za-z0-9]){0,10}?(?:大厦|广场|中心|花园|小区|公寓|大楼|园区|科技园|产业园|家园|新村|苑|写字楼|院|城|公馆)(?=[A-Za-z0-9一二三四五六七八九十]{1,5}(?:号楼|栋|幢|座|单元|楼|层|室))|\G(?:(?![的在是和与及或])[\u4e00-\u9fa5A-Za-z0-9]){0,10}?(?:大厦|广场|中心|花园|小区|公寓|大楼|园区|科技园|产业园|家园|新村|苑|写字楼|院)")]
    private static partial Regex BuildingName();

    [GeneratedRegex(@"\G[ -]?(?:[0-9A-Za-z]{1,5}|[一二三四五六七八九十]{1,3})(?:号楼|栋|幢|座|单元|层|楼|室|号|户|房)|\G-?[0-9]{3,5}(?![0-9])")]
    private static partial Regex Unit();

    [GeneratedRegex(@"(?<![A-Za-z0-9])(?:No\.?[ \t]*)?[0-9]{1,5}[A-Za-z]?,?[ \t]+(?:[A-Z][a-z]+[ \t]+){1,3}(?:Street|St\.|Road|Rd\.|Avenue|Ave\.|Boulevard|Blvd\.|Lane|Ln\.|Drive|Dr\.|Way|Court|Ct\.|Place|Pl\.|Square|Sq\.|Parkway|Highway|Hwy\.|Lu|Jie|Dajie|Dadao)(?![A-Za-z])(?:,?[ \t]+(?:Apt|Suite|Unit|Room|Rm|Floor|Fl)\.?[ \t]*#?[0-9A-Za-z-]+)?(?:,[ \t]*[A-Z][a-z]+(?:[ \t][A-Z][a-z]+)*(?:[ \t]District)?){0,3}(?:,?[ \t]*[A-Z]{2}[ \t]+[0-9]{5}(?:-[0-9]{4})?)?")]
    private static partial Regex English();

    public void Recognize(NormalizedText text, ICollection<PiiEntity> results)
    {
        string s = text.Text;
        foreach (ValueMatch m in RoadCore().EnumerateMatches(s))
        {
            int nameStart = WalkName(s, m.Index, 6);
            if (nameStart == m.Index && s[m.Index] is '道' or '街' or '路')
            {
                continue; // "知道3号" has no road name
            }

            Add(s, nameStart, m.Index + m.Length, 0.82, results);
        }

        foreach (ValueMatch m in BuildingCore().EnumerateMatches(s))
        {
            // "建国路SOHO现代城5号楼": the building's name may follow a road written without a number.
            int nameStart = WalkName(s, m.Index, 12);
            if (nameStart < m.Index)
            {
                Add(s, nameStart, m.Index + m.Length, 0.75, results);
            }
        }

        foreach (ValueMatch m in VillageCore().EnumerateMatches(s))
        {
            int nameStart = WalkName(s, m.Index, 4);
            if (nameStart < m.Index)
            {
                Add(s, nameStart, m.Index + m.Length, 0.75, results);
            }
        }

        foreach (ValueMatch m in English().EnumerateMatches(s))
        {
            results.Add(new PiiEntity(PiiTypes.Address, m.Index, m.Index + m.Length, 0.8));
        }
    }

    /// <summary>The city part of an address ("广东省深圳市南山区…" → "广东省深圳市"; "北京市海淀区…" → "北京市"),
    /// or null when no province or city name is found.</summary>
    internal static string? CityOf(string address)
    {
        int pos = 0;
        string result = "";
        for (int level = 0; level < 2 && pos < address.Length; level++)
        {
            string? name = ChinesePlaceNames.AllByLength.FirstOrDefault(n => address.AsSpan(pos).StartsWith(n, StringComparison.Ordinal));
            if (name is null)
            {
                break;
            }

            int end = pos + name.Length;
            string? suffix = ChinesePlaceNames.ProvinceSuffixes.FirstOrDefault(x => address.AsSpan(end).StartsWith(x, StringComparison.Ordinal));
            end += suffix?.Length ?? 0;
            result += address[pos..end];
            pos = end;
            if (suffix == "市" || (ChinesePlaceNames.Cities.Contains(name) && !ChinesePlaceNames.Provinces.Contains(name)))
            {
                break;
            }
        }

        return result.Length > 0 ? result : null;
    }

    private void Add(string s, int nameStart, int coreEnd, double score, ICollection<PiiEntity> results)
    {
        int start = WalkAdminLeft(s, nameStart);
        int end = WalkUnitsRight(s, coreEnd);
        if (start < nameStart)
        {
            score += 0.1;
        }

        if (Boundaries.CueBefore(s, start, 10, LabelCues))
        {
            score += 0.1;
        }

        results.Add(new PiiEntity(PiiTypes.Address, start, end, Math.Min(score, 0.97)));
    }

    // Walks left over the name of a road or building: Han characters, letters and digits up to a stop
    // character or an administrative suffix, at most max characters.
    private static int WalkName(string s, int pos, int max)
    {
        int at = pos;
        while (at > 0 && pos - at < max)
        {
            char c = s[at - 1];
            if (StopChars.Contains(c) || AdminSuffixChars.Contains(c) || !(Boundaries.IsHan(c) || Boundaries.IsAlnum(c)))
            {
                break;
            }

            at--;
        }

        return at;
    }

    // Walks left over 海淀区 / 北京市 / 广东省 / 浦东新区 / 北京 (a known name without its suffix).
    private static int WalkAdminLeft(string s, int pos)
    {
        int at = pos;
        for (int guard = 0; guard < 5 && at > 0; guard++)
        {
            ReadOnlySpan<char> before = s.AsSpan(0, at);
            string? known = KnownNameEndingAt(before);
            string? knownWithSuffix = null;
            foreach (string suffix in ChinesePlaceNames.ProvinceSuffixes)
            {
                if (before.EndsWith(suffix, StringComparison.Ordinal))
                {
                    ReadOnlySpan<char> stem = before[..^suffix.Length];
                    knownWithSuffix = KnownNameEndingAt(stem) is { } n ? n + suffix : null;
                    if (knownWithSuffix is not null)
                    {
                        break;
                    }
                }
            }

            if (knownWithSuffix is not null)
            {
                at -= knownWithSuffix.Length;
            }
            else if (known is not null)
            {
                at -= known.Length;
            }
            else if (AdminSuffixChars.Contains(s[at - 1]) || before.EndsWith("街道", StringComparison.Ordinal))
            {
                int suffixLength = before.EndsWith("街道", StringComparison.Ordinal) ? 2 : 1;
                int nameStart = WalkName(s, at - suffixLength, 4);
                if (nameStart == at - suffixLength)
                {
                    break;
                }

                at = nameStart;
            }
            else
            {
                break;
            }
        }

        return at;
    }

    private static string? KnownNameEndingAt(ReadOnlySpan<char> before)
    {
        foreach (string name in ChinesePlaceNames.AllByLength)
        {
            if (before.EndsWith(name, StringComparison.Ordinal))
            {
                return name;
            }
        }

        return null;
    }

    private static int WalkUnitsRight(string s, int pos)
    {
        int at = pos;
        // "翠苑小区": a lazy match stops at the first suffix, so take up to three in a row.
        for (int i = 0; i < 3; i++)
        {
            Match building = BuildingName().Match(s, at);
            if (!building.Success || building.Length == 0)
            {
                break;
            }

            at += building.Length;
        }

        for (Match unit = Unit().Match(s, at); unit.Success && unit.Length > 0; unit = Unit().Match(s, at))
        {
            at += unit.Length;
        }

        return at;
    }
}
