using System.Text;
using System.Text.Unicode;

namespace Zhiku.Core.Documents;

/// <summary>
/// Decodes the bytes of a text file whose encoding is not declared: UTF-8/16/32 by byte order mark, then strict
/// UTF-8, then GB18030 (a superset of GBK and GB2312) or Big5 chosen by how plausible each decoding is as Chinese,
/// then the Ude charset detector for everything else. Rejects binary files.
/// </summary>
/// <remarks>
/// Ude alone misreads short Chinese files (a two-line GBK notice comes back as windows-1252 or Big5), so Chinese
/// is decided by decoding strictly with both candidate encodings and scoring the share of frequent characters:
/// the right decoding scores about 0.7, the wrong one about 0.1 (see TextFileDecoderTests for measurements).
/// </remarks>
public static class TextFileDecoder
{
    /// <summary>Share of frequent Chinese characters above which a GB18030/Big5 decoding is taken as right.</summary>
    internal const double PlausibleChineseScore = 0.3;

    private const int SampleBytes = 64 * 1024;
    private const int ScoredChars = 20_000;

    private static readonly Encoding StrictUtf8 = new UTF8Encoding(false, true);

    /// <summary>The GB18030 encoding, throwing on invalid bytes.</summary>
    internal static Encoding StrictGb18030 { get; } = CodePages.Get(54936, strict: true);

    /// <summary>The Big5 encoding, throwing on invalid bytes.</summary>
    internal static Encoding StrictBig5 { get; } = CodePages.Get(950, strict: true);

    /// <summary>
    /// Decodes <paramref name="bytes"/> to text.
    /// </summary>
    /// <param name="bytes">The whole file.</param>
    /// <param name="fileName">The file name, for the error message.</param>
    /// <param name="declared">An encoding the file itself declares (an HTML meta charset), used when there is no
    /// byte order mark; null when none.</param>
    /// <returns>The text and the encoding used; empty text for an empty file.</returns>
    /// <exception cref="DocumentParseException">The bytes are not text (NUL bytes or many control characters), or
    /// they decode into mostly unlikely characters (garbage in any encoding we know).</exception>
    public static DecodedText Decode(ReadOnlySpan<byte> bytes, string fileName, Encoding? declared = null)
    {
        var decoded = DecodeAny(bytes, fileName, declared);
        if (UnlikelyShare(decoded.Text) > MaxUnlikelyShare)
        {
            throw DocumentErrors.UnlikelyText(fileName, decoded.Encoding.WebName);
        }

        return decoded;
    }

    /// <summary>Share of unlikely characters (see <see cref="UnlikelyShare"/>) above which the decoding is reported
    /// as garbage instead of indexed.</summary>
    internal const double MaxUnlikelyShare = 0.5;

    /// <summary>A file counts as UTF-8 with a few damaged bytes when at least this share of its non-ASCII
    /// sequences are valid UTF-8 (another encoding's bytes form valid sequences by chance far less often).</summary>
    internal const double MinValidUtf8Share = 0.95;

    private static DecodedText DecodeAny(ReadOnlySpan<byte> bytes, string fileName, Encoding? declared)
    {
        if (DecodeByBom(bytes) is { } withBom)
        {
            return withBom;
        }

        if (LooksLikeBomlessUtf16(bytes) is { } utf16 && TryDecode(utf16, bytes, out var utf16Text))
        {
            return new DecodedText(utf16Text, utf16, "utf-16");
        }

        if (LooksBinary(bytes))
        {
            throw DocumentErrors.NotText(fileName);
        }

        if (declared is not null)
        {
            return new DecodedText(declared.GetString(bytes), declared, "declared");
        }

        if (IsUtf8(bytes))
        {
            return new DecodedText(Encoding.UTF8.GetString(bytes), Encoding.UTF8, "utf-8");
        }

        if (ValidUtf8Share(bytes) >= MinValidUtf8Share)
        {
            // The lenient decoder puts U+FFFD in place of each bad byte and keeps the rest of the text.
            return new DecodedText(Encoding.UTF8.GetString(bytes), Encoding.UTF8, "utf-8-repaired");
        }

        return DecodeLegacy(bytes);
    }

    /// <summary>Looks up an encoding by its IANA or WHATWG name (gbk, gb2312, big5, shift_jis...), null if unknown.</summary>
    public static Encoding? FindEncoding(string name)
    {
        var key = name.Trim().Trim('"', '\'').ToLowerInvariant();
        key = key switch
        {
            // GBK and GB2312 labels are decoded as GB18030, their superset, as browsers do.
            "gbk" or "gb2312" or "gb_2312-80" or "x-gbk" or "cp936" or "chinese" or "csgb2312" => "gb18030",
            "big5-hkscs" or "x-x-big5" or "cn-big5" or "csbig5" => "big5",
            _ => key,
        };
        return key is "utf-8" or "utf8" ? Encoding.UTF8 : CodePages.Find(key);
    }

    /// <summary>
    /// How plausible <paramref name="text"/> (its first 20,000 characters) is as Chinese: the mean
    /// <see cref="CommonHanzi.Weight"/> of its non-ASCII, non-space characters, from -1 (garbage) to 1; 0 when
    /// there are none.
    /// </summary>
    internal static double ChineseScore(string text)
    {
        var total = 0;
        double sum = 0;
        var end = Math.Min(text.Length, ScoredChars);
        for (var i = 0; i < end; i++)
        {
            var c = text[i];
            if (c < 0x80 || char.IsWhiteSpace(c))
            {
                continue;
            }

            total++;
            sum += CommonHanzi.Weight(c);
        }

        return total == 0 ? 0 : sum / total;
    }

    /// <summary>
    /// Of the non-ASCII sequences in <paramref name="bytes"/>, the share that are valid UTF-8 multi-byte
    /// characters (each invalid byte is one invalid sequence); 0 when there are fewer than 8 valid ones, too few
    /// to decide on.
    /// </summary>
    internal static double ValidUtf8Share(ReadOnlySpan<byte> bytes)
    {
        int valid = 0, invalid = 0;
        while (!bytes.IsEmpty)
        {
            if (bytes[0] < 0x80)
            {
                bytes = bytes[1..];
                continue;
            }

            var status = Rune.DecodeFromUtf8(bytes, out _, out var consumed);
            if (status == System.Buffers.OperationStatus.Done)
            {
                valid++;
            }
            else if (status == System.Buffers.OperationStatus.InvalidData)
            {
                invalid++;
            }

            bytes = bytes[Math.Max(1, consumed)..];
        }

        return valid < 8 ? 0 : (double)valid / (valid + invalid);
    }

    /// <summary>
    /// The share of unlikely characters among the non-ASCII, non-space characters of <paramref name="text"/> (its
    /// first 200,000 characters): replacement characters, control characters, private-use and unassigned code
    /// points, and runs of three or more Latin-1/cp1252 symbols and letters in a row, the shape of UTF-8 or
    /// Chinese read as a Western encoding ("å¤§å®¶"). 0 when fewer than 16 characters are non-ASCII.
    /// </summary>
    internal static double UnlikelyShare(string text)
    {
        var end = Math.Min(text.Length, 200_000);
        int total = 0, unlikely = 0, run = 0;
        for (var i = 0; i < end; i++)
        {
            var c = text[i];
            if (c < 0x80 || char.IsWhiteSpace(c))
            {
                run = 0;
                continue;
            }

            total++;
            if (IsWesternMojibakePart(c))
            {
                run++;
                // The third character of a run counts the first two as well.
                unlikely += run == 3 ? 3 : run > 3 ? 1 : 0;
            }
            else
            {
                run = 0;
            }

            if (c == '\uFFFD' || char.IsControl(c) || (run == 0 && IsPrivateOrUnassigned(c)))
            {
                unlikely++;
            }
        }

        return total < 16 ? 0 : Math.Min(1.0, (double)unlikely / total);
    }

    private static bool IsWesternMojibakePart(char c) =>
        (c >= 0x80 && c <= 0xFF) || "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ".Contains(c, StringComparison.Ordinal);

    private static bool IsPrivateOrUnassigned(char c) =>
        char.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.PrivateUse or System.Globalization.UnicodeCategory.OtherNotAssigned;

    private static DecodedText DecodeLegacy(ReadOnlySpan<byte> bytes)
    {
        DecodedText? best = null;
        var bestScore = -1.0;
        foreach (var candidate in new[] { StrictGb18030, StrictBig5 })
        {
            if (!TryDecode(candidate, bytes, out var text))
            {
                continue;
            }

            // Ties go to GB18030, listed first: it is the more common of the two.
            var score = ChineseScore(text);
            if (score > bestScore)
            {
                best = new DecodedText(text, Lenient(candidate), "score");
                bestScore = score;
            }
        }

        if (best is not null && bestScore >= PlausibleChineseScore)
        {
            return best;
        }

        // Short Chinese text with rare characters scores low but is still more likely Chinese than what the
        // detector suggests, unless the Chinese reading is outright garbage.
        var detected = Detect(bytes);
        if (detected is not null && (best is null || (!IsChinese(detected) && bestScore < 0)))
        {
            return new DecodedText(detected.GetString(bytes), detected, "detector");
        }

        if (best is not null)
        {
            return best;
        }

        // Not valid as anything we know: keep what can be read rather than fail the whole file.
        var gb = Lenient(StrictGb18030);
        var gbText = gb.GetString(bytes);
        if (ChineseScore(gbText) >= PlausibleChineseScore)
        {
            return new DecodedText(gbText, gb, "score");
        }

        var latin = CodePages.Get(1252);
        return new DecodedText(latin.GetString(bytes), latin, "fallback");
    }

    private static Encoding? Detect(ReadOnlySpan<byte> bytes)
    {
        var sample = bytes[..Math.Min(bytes.Length, SampleBytes)].ToArray();
        var detector = new Ude.CharsetDetector();
        detector.Feed(sample, 0, sample.Length);
        detector.DataEnd();
        if (detector.Charset is null || detector.Confidence < 0.5f)
        {
            return null;
        }

        var encoding = FindEncoding(detector.Charset);
        return encoding is null || encoding.CodePage == Encoding.UTF8.CodePage ? null : encoding;
    }

    private static bool IsChinese(Encoding encoding) => encoding.CodePage is 54936 or 936 or 950 or 20936 or 52936;

    private static DecodedText? DecodeByBom(ReadOnlySpan<byte> bytes)
    {
        // UTF-32 LE must be tested before UTF-16 LE: its mark starts with the same two bytes.
        (byte[] Mark, Encoding Encoding)[] marks =
        [
            ([0xFF, 0xFE, 0x00, 0x00], new UTF32Encoding(false, false)),
            ([0x00, 0x00, 0xFE, 0xFF], new UTF32Encoding(true, false)),
            ([0xEF, 0xBB, 0xBF], Encoding.UTF8),
            ([0xFF, 0xFE], Encoding.Unicode),
            ([0xFE, 0xFF], Encoding.BigEndianUnicode),
        ];
        foreach (var (mark, encoding) in marks)
        {
            if (bytes.StartsWith(mark))
            {
                return new DecodedText(encoding.GetString(bytes[mark.Length..]), encoding, "bom");
            }
        }

        return null;
    }

    private static Encoding? LooksLikeBomlessUtf16(ReadOnlySpan<byte> bytes)
    {
        // Mostly-ASCII UTF-16 has a zero in every other byte; binary files have zeros everywhere.
        var sample = bytes[..(Math.Min(bytes.Length, SampleBytes) & ~1)];
        if (sample.Length < 8)
        {
            return null;
        }

        int evenZeros = 0, oddZeros = 0;
        for (var i = 0; i < sample.Length; i += 2)
        {
            evenZeros += sample[i] == 0 ? 1 : 0;
            oddZeros += sample[i + 1] == 0 ? 1 : 0;
        }

        var pairs = sample.Length / 2;
        if (oddZeros > pairs * 0.4 && evenZeros < pairs * 0.02)
        {
            return new UnicodeEncoding(false, false, true);
        }

        return evenZeros > pairs * 0.4 && oddZeros < pairs * 0.02 ? new UnicodeEncoding(true, false, true) : null;
    }

    private static bool LooksBinary(ReadOnlySpan<byte> bytes)
    {
        var sample = bytes[..Math.Min(bytes.Length, SampleBytes)];
        var controls = 0;
        foreach (var b in sample)
        {
            if (b == 0)
            {
                return true;
            }

            // Tab, line feed, vertical tab, form feed, carriage return, SUB (old DOS end of file), escape.
            if ((b < 0x20 && b is not (0x09 or 0x0A or 0x0B or 0x0C or 0x0D or 0x1A or 0x1B)) || b == 0x7F)
            {
                controls++;
            }
        }

        return controls > sample.Length * 0.05;
    }

    private static bool IsUtf8(ReadOnlySpan<byte> bytes)
    {
        if (Utf8.IsValid(bytes))
        {
            return true;
        }

        // A file cut in the middle of its last character is still UTF-8.
        for (var cut = 1; cut <= 3 && cut < bytes.Length; cut++)
        {
            if ((bytes[^cut] & 0xC0) != 0x80)
            {
                return bytes[^cut] >= 0xC0 && Utf8.IsValid(bytes[..^cut]);
            }
        }

        return false;
    }

    private static bool TryDecode(Encoding strict, ReadOnlySpan<byte> bytes, out string text)
    {
        try
        {
            text = strict.GetString(bytes);
            return true;
        }
        catch (DecoderFallbackException)
        {
            text = string.Empty;
            return false;
        }
    }

    private static Encoding Lenient(Encoding strict) => CodePages.Get(strict.CodePage);
}
