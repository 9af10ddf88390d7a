namespace Zhiku.Core.Privacy;

/// <summary>The context around a Chinese name candidate: cue words before it, titles after it, and whether it
/// leans on the words beside it.</summary>
internal static class NameCues
{
    /// <summary>A label or role word right before the name ("联系人：", "工程师", "尊敬的"), skipping ：: and spaces.</summary>
    public static bool HasCueBefore(string s, int start)
    {
        int at = start;
        while (at > 0 && s[at - 1] is '：' or ':' or ' ' or '\t' or '"' or '“' or '「')
        {
            at--;
        }

        for (int length = 1; length <= Math.Min(ChineseNameLexicon.LongestCue, at); length++)
        {
            if (ChineseNameLexicon.CueLookup.Contains(s.AsSpan(at - length, length)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A title or a verb of speech right after the name ("先生", "经理", "表示").</summary>
    public static bool HasTitleAfter(string s, int end, bool nounTitlesOnly = false)
    {
        int at = end;
        while (at < s.Length && s[at] == ' ')
        {
            at++;
        }

        for (int length = 1; length <= Math.Min(ChineseNameLexicon.LongestCue, s.Length - at); length++)
        {
            if ((nounTitlesOnly ? ChineseNameLexicon.NounTitleLookup : ChineseNameLexicon.TitleLookup).Contains(s.AsSpan(at, length)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether the candidate [start, end) is glued to a number or Latin word, or its first or last
    /// character forms a dictionary word with the character beside it (期满 in 试用期满前).</summary>
    public static bool StraddlesWords(string s, int start, int end)
    {
        if (start > 0 && Boundaries.IsAlnum(s[start - 1]))
        {
            return true;
        }

        if (start > 0 && Boundaries.IsHan(s[start - 1]) && ChineseNameWords.IsDictionaryWord(s.Substring(start - 1, 2)))
        {
            return true;
        }

        return end < s.Length && Boundaries.IsHan(s[end]) && ChineseNameWords.IsDictionaryWord(s.Substring(end - 1, 2));
    }
}
