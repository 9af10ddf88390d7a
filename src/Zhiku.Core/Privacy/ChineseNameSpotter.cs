namespace Zhiku.Core.Privacy;

/// <summary>
/// Finds Chinese names that jieba does not know and cuts into pieces (游/刚振, 曲/龙/洋): a surname and one or
/// two given-name characters, standing between two boundaries of a name — the text's edge, punctuation, a cue
/// or role word, a function word before it; punctuation, a title, a function word or a verb of speech after it.
/// Every given character must be one that names use (<see cref="ChineseGivenNameChars"/>), and the span must not
/// be an ordinary dictionary word or cut through one, which is what keeps 阳光, 石英, 宽温版 and 试用期满前 out.
/// </summary>
internal static class ChineseNameSpotter
{
    // Single characters that may stand right before a name: function words and verbs that take a person.
    private const string LeftChars = "的和与及由是叫请让给被向对将把跟同找问派令经有据在";

    // Single characters that may stand right after a name: function words, verbs of speech, list marks.
    private const string RightChars = "说和与及于在的已是被不向以用今第等也都就将把对从为同现曾又还便才却仍正称道笑讲问答告请让给坦介回表认指强带领拍发担执代接获荣率主负参出作首终建反两三四五六七八九十几";

    public static void Find(string s, List<ChineseNameWords.Word> words, ICollection<PiiEntity> results)
    {
        if (words.Count == 0)
        {
            return;
        }

        var starts = new HashSet<int>();
        var ends = new Dictionary<int, int>();
        foreach (ChineseNameWords.Word w in words)
        {
            starts.Add(w.Start);
            ends[w.End] = w.Start;
        }

        int blockedUntil = 0;
        for (int i = 0; i < s.Length; i++)
        {
            int surname = ChineseNameLexicon.CompoundSurnames.Contains(s.Substring(i, Math.Min(2, s.Length - i))) ? 2
                : ChineseNameLexicon.Surnames.Contains(s[i]) ? 1 : 0;
            if (i < blockedUntil)
            {
                continue;
            }

            // Never start a second name inside a compound surname (夏侯海帅: not 侯海帅 or 海帅).
            blockedUntil = surname == 2 ? i + 2 : blockedUntil;
            // jieba glues a function word to a surname it does not know as a name's start ("由周/海涛").
            bool wordStart = starts.Contains(i) || (i > 0 && LeftChars.Contains(s[i - 1]));
            if (surname == 0 || !wordStart || ChineseNameLexicon.IsFunctionWordSurname(s[i]) && surname == 1)
            {
                continue;
            }

            bool leftCue = NameCues.HasCueBefore(s, i);
            // After a whole dictionary word (选手, 主人公, 研究生): allowed, but then the right side must close it.
            bool afterWord = !leftCue && !LeftBoundary(s, i) && ends.TryGetValue(i, out int previous) && i - previous >= 2
                && ChineseNameWords.IsDictionaryWord(s[previous..i]);
            if (!leftCue && !afterWord && !LeftBoundary(s, i))
            {
                continue;
            }

            for (int given = 2; given >= 1; given--)
            {
                int end = i + surname + given;
                if (end > s.Length || !GivenPart(s, i + surname, end))
                {
                    continue;
                }

                bool title = NameCues.HasTitleAfter(s, end, nounTitlesOnly: true);
                if (!title && !RightBoundary(s, end))
                {
                    continue;
                }

                // The span cuts through a dictionary word ("周二陈" + 飞: 周二 is a word) or is one that is not a name.
                if ((!ends.ContainsKey(end) && !title && !(end < s.Length && RightChars.Contains(s[end]))) || IsOrdinaryWord(s, i, end))
                {
                    continue;
                }

                double score = leftCue || title ? 0.8 : 0.6;
                results.Add(new PiiEntity(PiiTypes.Person, i, end, score));
                i = end - 1;
                break;
            }
        }
    }

    /// <summary>Extends a name with a one-character given part by one more given character when the name's right
    /// boundary comes after it ("焦辉" + 诗 + 同学): a placeholder must cover the whole name, never leave its tail.</summary>
    public static int ExtendGiven(string s, int start, int end)
    {
        int surname = ChineseNameLexicon.SurnameLength(s.AsSpan(start, end - start));
        if (surname == 0 || end - start - surname != 1 || end >= s.Length || !ChineseGivenNameChars.Contains(s[end])
            || ChineseNameLexicon.IsNonGivenChar(s[end]) || NameCues.HasTitleAfter(s, end))
        {
            return end;
        }

        return RightBoundary(s, end + 1) || NameCues.HasTitleAfter(s, end + 1, nounTitlesOnly: true) ? end + 1 : end;
    }

    /// <summary>Whether a candidate found without any cue word stands where a name can: given characters names
    /// use, a name's boundary on the left (edge, punctuation, function word, or after a whole word) and on the right.</summary>
    public static bool FitsWithoutCue(string s, int start, int end, int surnameLength)
    {
        bool afterWord = start >= 2 && Boundaries.IsHan(s[start - 1]) && Boundaries.IsHan(s[start - 2])
            && ChineseNameWords.IsDictionaryWord(s.Substring(start - 2, 2));
        return GivenPart(s, start + surnameLength, end) && (LeftBoundary(s, start) || afterWord) && RightBoundary(s, end);
    }

    private static bool GivenPart(string s, int from, int to)
    {
        for (int k = from; k < to; k++)
        {
            if (!ChineseGivenNameChars.Contains(s[k]) || ChineseNameLexicon.IsNonGivenChar(s[k]))
            {
                return false;
            }
        }

        return true;
    }

    private static bool LeftBoundary(string s, int at)
    {
        if (at == 0)
        {
            return true;
        }

        char before = s[at - 1];
        return !Boundaries.IsHan(before) && !Boundaries.IsAlnum(before) || LeftChars.Contains(before);
    }

    private static bool RightBoundary(string s, int at)
    {
        if (at >= s.Length)
        {
            return true;
        }

        char after = s[at];
        return !Boundaries.IsHan(after) && !Boundaries.IsAlnum(after) || RightChars.Contains(after);
    }

    // A dictionary word that is not tagged a name (高温, 江南), or one that lives inside many other words (阳光).
    private static bool IsOrdinaryWord(string s, int start, int end)
    {
        string span = s[start..end];
        return ChineseNameWords.IsDictionaryWord(span)
            && (ChineseNameWords.TagOf(span) is not { } tag || !tag.StartsWith("nr", StringComparison.Ordinal) || ChineseNameWords.EmbeddedCount(span) >= 3);
    }
}
