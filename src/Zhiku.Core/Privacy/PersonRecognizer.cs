namespace Zhiku.Core.Privacy;

/// <summary>
/// PERSON (Chinese): names from the staff directory and deny list; words jieba segments as a name (surname +
/// one or two characters, either tagged nr in its dictionary or glued by its HMM); a surname followed by a
/// short word when a label (联系人：, 姓名) or role (经理, 工程师) stands before it or a title (先生, 女士) after;
/// and lists of names after a label (参会人员：A、B、C).
/// </summary>
internal sealed class PersonRecognizer : IPiiRecognizer
{
    private static readonly HashSet<string> FunctionWords =
    [
        "的", "了", "和", "与", "及", "在", "是", "说", "等", "也", "都", "就", "又", "将", "已", "被", "把", "对", "向", "从",
        "为", "于", "到", "着", "过", "们", "总", "某", "某某", "这", "那", "个", "年", "月", "日", "号", "元", "次", "人",
        "不", "没", "很", "还", "再", "才", "只", "请", "让", "给", "去", "来", "上", "下", "中", "内", "外", "前", "后",
    ];

    private readonly string[] _staff;
    private readonly string[] _deny;

    public PersonRecognizer(PiiDetectorOptions options)
    {
        _staff = options.StaffDirectory.Select(n => n.Trim()).Where(n => n.Length >= 2).Distinct(StringComparer.Ordinal).ToArray();
        _deny = options.DenyList.Select(n => n.Trim()).Where(n => n.Length >= 2).Distinct(StringComparer.Ordinal).ToArray();
        UseJieba = options.UseJieba;
    }

    private bool UseJieba { get; }

    public void Recognize(NormalizedText text, ICollection<PiiEntity> results)
    {
        string s = text.Text;
        bool han = ContainsHan(s);
        List<ChineseNameWords.Word> words = UseJieba && han ? ChineseNameWords.Cut(s) : [];
        AddAll(s, words, _staff, 0.95, results);
        AddAll(s, words, _deny, 0.99, results);
        if (!han)
        {
            return;
        }

        var found = new List<PiiEntity>();
        FromWords(s, words, found);
        ChineseNameSpotter.Find(s, words, found);
        // Also when jieba ran: it sometimes glues a label to the surname ("客户王/航的").
        FromLabels(s, words, found);
        foreach (PiiEntity e in found)
        {
            results.Add(e with { End = ChineseNameSpotter.ExtendGiven(s, e.Start, e.End) });
        }
    }

    private static void FromWords(string s, List<ChineseNameWords.Word> words, ICollection<PiiEntity> results)
    {
        int lastNameEnd = -10;
        for (int i = 0; i < words.Count; i++)
        {
            ChineseNameWords.Word w = words[i];
            ReadOnlySpan<char> token = s.AsSpan(w.Start, w.Length);
            int start = w.Start;
            int end = w.End;
            double score;
            bool glued;
            bool common = false;
            bool followedBySingle = i + 1 < words.Count && words[i + 1].Length == 1 && IsGivenNamePart(s, words[i + 1], token.Length);
            if (ChineseNameLexicon.CueWords.Contains(token.ToString()) || token.Contains('某') || ChineseNameLexicon.EndsLikeNoun(token))
            {
                continue;
            }

            if (IsBareSurname(token) && i + 1 < words.Count && IsGivenNamePart(s, words[i + 1], token.Length)
                && !FunctionWordBeforeWord(s, w.Start, words[i + 1]))
            {
                // 郑 + 浩然: jieba splits a name whose given name is itself a word.
                end = words[i + 1].End;
                score = 0.45;
                glued = true;
                i++;
            }
            else if (ChineseNameLexicon.HasNameShape(token) && (w.Tag is null || w.Tag.StartsWith("nr", StringComparison.Ordinal)))
            {
                if (StartsWithAny(s, end, ChineseNameLexicon.OrganisationFollowers) || !HasPlausibleGivenName(token))
                {
                    continue;
                }

                score = w.Tag is not null ? 0.7 : token.Length == 2 ? 0.55 : 0.6;
                glued = w.Tag is null;
                // A dictionary "name" that sits inside other words is an ordinary word jieba tags nr (阳光, 石英).
                common = w.Tag is not null && ChineseNameWords.EmbeddedCount(token) >= 3;
            }
            else if (token.Length == 2 && ChineseNameLexicon.SurnameLength(token) == 1 && followedBySingle && AllHan(token)
                && ChineseGivenNameChars.Contains(token[1]) && !ChineseNameLexicon.IsNonGivenChar(token[1]))
            {
                // 金子 + 轩: the surname and first given character form a word of their own.
                end = words[i + 1].End;
                score = 0.4;
                glued = true;
                i++;
            }
            else
            {
                continue;
            }

            bool listed = start - lastNameEnd is >= 1 and <= 2 && s[start - 1] is '、' or '，' or ',' or '/' or ' ';
            bool cued = listed || NameCues.HasCueBefore(s, start) || NameCues.HasTitleAfter(s, end);
            bool strongCue = listed || NameCues.HasCueBefore(s, start) || NameCues.HasTitleAfter(s, end, nounTitlesOnly: true);
            // Without a cue word, the ambiguous shapes are not names: a word jieba's HMM glued (not in its
            // dictionary) that is only two characters or leans on its neighbours ("试用期满前" → 满前, "提前2周在"
            // → 周在, 宽温版 → 温版), a dictionary word that lives inside other words, a function-word "surname".
            if (!strongCue && (common || !ChineseNameSpotter.FitsWithoutCue(s, start, end, ChineseNameLexicon.SurnameLength(s.AsSpan(start, end - start))) || (glued && (end - start == 2 || NameCues.StraddlesWords(s, start, end))) || ChineseNameLexicon.IsFunctionWordSurname(s[start])))
            {
                continue;
            }

            if (cued)
            {
                score += 0.3;
            }

            results.Add(new PiiEntity(PiiTypes.Person, start, end, Math.Min(score, 0.95)));
            if (score >= 0.5)
            {
                lastNameEnd = end;
            }
        }
    }

    // 应 + 妥善, 向 + 公司: a surname that is more often a function word, before an ordinary dictionary word.
    private static bool FunctionWordBeforeWord(string s, int surnameAt, ChineseNameWords.Word next) =>
        ChineseNameLexicon.IsFunctionWordSurname(s[surnameAt]) && next.Start == surnameAt + 1 && next.Length >= 2
        && ChineseNameWords.IsDictionaryWord(s.Substring(next.Start, next.Length))
        && !(next.Tag?.StartsWith("nr", StringComparison.Ordinal) ?? false);

    // The given part of a surname-shaped word holds no character names avoid (版, 前, 在, 周…).
    private static bool HasPlausibleGivenName(ReadOnlySpan<char> token)
    {
        foreach (char c in token[ChineseNameLexicon.SurnameLength(token)..])
        {
            if (ChineseNameLexicon.IsNonGivenChar(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Extends a name found by a list or a label to the end of the word it ends inside, so that a
    /// placeholder never leaves a tail of the name behind ("王明" in 王明远 → 王明远, not [姓名_1]远).</summary>
    private static int ExtendToWordEnd(string s, List<ChineseNameWords.Word> words, int start, int end)
    {
        foreach (ChineseNameWords.Word w in words)
        {
            if (w.Start >= end)
            {
                break;
            }

            if (w.End > end && w.Start >= start && w.End - start <= MaxNameLength(s, start) && AllHan(s.AsSpan(end, w.End - end))
                && !StartsWithAny(s, end, ChineseNameLexicon.Titles))
            {
                return w.End;
            }
        }

        return end;
    }

    private static int MaxNameLength(string s, int start) =>
        ChineseNameLexicon.SurnameLength(s.AsSpan(start, Math.Min(3, s.Length - start))) == 2 ? 5 : 4;

    // Without jieba: a surname and two characters (one when the next is a function word) after a label.
    private static void FromLabels(string s, List<ChineseNameWords.Word> words, ICollection<PiiEntity> results)
    {
        double score = words.Count > 0 ? 0.7 : 0.8;
        int w = 0;
        for (int i = 0; i < s.Length; i++)
        {
            if (!ChineseNameLexicon.Surnames.Contains(s[i]) || !NameCues.HasCueBefore(s, i))
            {
                continue;
            }

            // A dictionary word that is not a name starts here ("客户车牌号", "联系方式").
            while (w < words.Count && words[w].Start < i)
            {
                w++;
            }

            // The surname character sits inside a word ("联系方式"): not a name start.
            if (w > 0 && words[w - 1].End > i)
            {
                continue;
            }

            if (w < words.Count && words[w].Start == i && words[w].Length > 1 && words[w].Tag is { } tag && !tag.StartsWith("nr", StringComparison.Ordinal))
            {
                continue;
            }

            int surname = ChineseNameLexicon.SurnameLength(s.AsSpan(i, Math.Min(3, s.Length - i)));
            if (surname == 0 || (w < words.Count - 1 && words[w].Start == i && FunctionWordBeforeWord(s, i, words[w + 1])))
            {
                continue;
            }

            int end = i + surname;
            while (end < s.Length && end - i - surname < 2 && Boundaries.IsHan(s[end]) && !FunctionWords.Contains(s[end].ToString())
                && !ChineseNameLexicon.IsNonGivenChar(s[end]) && !NameCues.HasTitleAfter(s, end))
            {
                end++;
            }

            if (end - i - surname >= 1 && !ChineseNameLexicon.EndsLikeNoun(s.AsSpan(i, end - i)) && !ChineseNameLexicon.CueWords.Contains(s[i..end]))
            {
                end = ExtendToWordEnd(s, words, i, end);
                results.Add(new PiiEntity(PiiTypes.Person, i, end, score));
                i = end - 1;
            }
        }
    }

    private static bool IsBareSurname(ReadOnlySpan<char> token) =>
        (token.Length == 1 && ChineseNameLexicon.Surnames.Contains(token[0]))
        || (token.Length == 2 && ChineseNameLexicon.CompoundSurnames.Contains(token.ToString()));

    private static bool IsGivenNamePart(string s, ChineseNameWords.Word next, int surnameLength)
    {
        if (next.Length is < 1 or > 2 || next.Length + surnameLength > 4)
        {
            return false;
        }

        ReadOnlySpan<char> part = s.AsSpan(next.Start, next.Length);
        foreach (char c in part)
        {
            if (!Boundaries.IsHan(c))
            {
                return false;
            }
        }

        string p = part.ToString();
        return !FunctionWords.Contains(p) && !FunctionWords.Contains(p[..1]) && !p.Any(ChineseNameLexicon.IsNonGivenChar)
            && !StartsWithAny(s, next.Start, ChineseNameLexicon.Titles);
    }

    private static bool StartsWithAny(string s, int at, string[] words)
    {
        ReadOnlySpan<char> rest = s.AsSpan(at);
        foreach (string w in words)
        {
            if (rest.StartsWith(w, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static void AddAll(string s, List<ChineseNameWords.Word> words, string[] names, double score, ICollection<PiiEntity> results)
    {
        foreach (string name in names)
        {
            for (int at = s.IndexOf(name, StringComparison.Ordinal); at >= 0; at = s.IndexOf(name, at + name.Length, StringComparison.Ordinal))
            {
                int end = name.All(Boundaries.IsHan) ? ExtendToWordEnd(s, words, at, at + name.Length) : at + name.Length;
                results.Add(new PiiEntity(PiiTypes.Person, at, end, score));
            }
        }
    }

    private static bool AllHan(ReadOnlySpan<char> s)
    {
        foreach (char c in s)
        {
            if (!Boundaries.IsHan(c))
            {
                return false;
            }
        }

        return true;
    }

    private static bool ContainsHan(string s)
    {
        foreach (char c in s)
        {
            if (Boundaries.IsHan(c))
            {
                return true;
            }
        }

        return false;
    }
}
