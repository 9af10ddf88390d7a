using System.Text.RegularExpressions;

namespace Zhiku.Core.Privacy;

/// <summary>SECRET: values after 密码/口令/password/token… (also as a quoted JSON or YAML key: "password": "…"), well-known key formats (sk-…, AKIA…, ghp_…, JWTs,
/// PEM private keys) and long high-entropy tokens mixing letters and digits.</summary>
internal sealed partial class SecretRecognizer : IPiiRecognizer
{
    [GeneratedRegex(@"(?i)(?:密码|口令|密钥|秘钥|pass(?:word|wd)?|pwd|secret|token|api[_ -]?key|access[_ -]?key(?:[_ -]?secret)?|private[_ -]?key|client[_ -]?secret|credential)s?[""']?(?<sep>\s*(?:是|为|:|=|：|\bis\b)|\s)\s*[""'“‘]?(?<v>[^\s""'”’，。；,;、)）\]】]{4,128})")]
    private static partial Regex KeywordValue();

    [GeneratedRegex(@"(?<![A-Za-z0-9_-])(?:sk-(?:proj-|ant-[a-z0-9]+-)?[A-Za-z0-9_-]{20,}|(?:AKIA|ASIA)[0-9A-Z]{16}|gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,}|xox[abprs]-[A-Za-z0-9-]{10,}|AIza[0-9A-Za-z_-]{35}|LTAI[0-9A-Za-z]{12,20}|AKID[0-9A-Za-z]{32}|eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,})(?![A-Za-z0-9_-])")]
    private static partial Regex KnownFormat();

    [GeneratedRegex(@"-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----")]
    private static partial Regex PemKey();

    [GeneratedRegex(@"(?<![A-Za-z0-9+_=./-])[A-Za-z0-9+_=-]{20,200}(?![A-Za-z0-9+_=./-])")]
    private static partial Regex Token();

    [GeneratedRegex(@"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")]
    private static partial Regex Uuid();

    public void Recognize(NormalizedText text, ICollection<PiiEntity> results)
    {
        string s = text.Text;
        foreach (Match m in KeywordValue().Matches(s))
        {
            Group v = m.Groups["v"];
            // "token expired", "password reset": after a bare space the value must look machine-made.
            bool bareSpace = string.IsNullOrWhiteSpace(m.Groups["sep"].Value);
            if (LooksLikePassword(v.ValueSpan) && (!bareSpace || HasLetterAndDigit(v.ValueSpan)))
            {
                results.Add(new PiiEntity(PiiTypes.Secret, v.Index, v.Index + v.Length, 0.9));
            }
        }

        foreach (ValueMatch m in KnownFormat().EnumerateMatches(s))
        {
            results.Add(new PiiEntity(PiiTypes.Secret, m.Index, m.Index + m.Length, 0.97));
        }

        foreach (ValueMatch m in PemKey().EnumerateMatches(s))
        {
            results.Add(new PiiEntity(PiiTypes.Secret, m.Index, m.Index + m.Length, 0.99));
        }

        foreach (ValueMatch m in Token().EnumerateMatches(s))
        {
            ReadOnlySpan<char> value = s.AsSpan(m.Index, m.Length);
            if (IsHighEntropyToken(value) && !Uuid().IsMatch(value))
            {
                results.Add(new PiiEntity(PiiTypes.Secret, m.Index, m.Index + m.Length, 0.7));
            }
        }
    }

    /// <summary>A value after a password cue: has an ASCII letter or digit, is not a mask (******) or a
    /// bracketed placeholder, and is not plain Chinese prose ("密码：请联系管理员").</summary>
    internal static bool LooksLikePassword(ReadOnlySpan<char> value)
    {
        if (value.Length < 4 || value[0] is '[' or '【' or '<' or '{' or '*')
        {
            return false;
        }

        int alnum = 0;
        int distinct = 0;
        Span<bool> seen = stackalloc bool[128];
        foreach (char c in value)
        {
            if (Boundaries.IsHan(c))
            {
                return false;
            }

            if (c < 128)
            {
                alnum += Boundaries.IsAlnum(c) ? 1 : 0;
                distinct += seen[c] ? 0 : 1;
                seen[c] = true;
            }
        }

        return alnum >= 3 && distinct >= 3;
    }

    private static bool HasLetterAndDigit(ReadOnlySpan<char> value) =>
        value.IndexOfAnyInRange('0', '9') >= 0 && (value.IndexOfAnyInRange('a', 'z') >= 0 || value.IndexOfAnyInRange('A', 'Z') >= 0);

    /// <summary>Long random-looking tokens: upper, lower and digits all present, and at least 3.5 bits of
    /// entropy per character. Hex-only strings (hashes, commit ids) are left alone.</summary>
    internal static bool IsHighEntropyToken(ReadOnlySpan<char> value)
    {
        bool upper = false, lower = false, digit = false, nonHex = false;
        Span<int> counts = stackalloc int[128];
        foreach (char c in value)
        {
            upper |= c is >= 'A' and <= 'Z';
            lower |= c is >= 'a' and <= 'z';
            digit |= Boundaries.IsDigit(c);
            nonHex |= Boundaries.IsLetter(c) && !char.IsAsciiHexDigit(c);
            counts[c]++;
        }

        if (!(upper && lower && digit && nonHex))
        {
            return false;
        }

        double entropy = 0;
        foreach (int count in counts)
        {
            if (count > 0)
            {
                double p = (double)count / value.Length;
                entropy -= p * Math.Log2(p);
            }
        }

        return entropy >= 3.5;
    }
}
