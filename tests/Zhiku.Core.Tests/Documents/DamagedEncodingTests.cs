using System.Text;
using Zhiku.Core.Documents;

namespace Zhiku.Core.Tests.Documents;

/// <summary>Isolated bad bytes do not flip a file's encoding; garbage in every encoding is reported, not indexed.</summary>
public sealed class DamagedEncodingTests
{
    static DamagedEncodingTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private static string ChineseFile() => string.Concat(Enumerable.Range(1, 300).Select(i => $"第{i}条：试用期员工转正后按当年剩余日历天数折算年假。\n"));

    [Fact]
    public void One_bad_byte_in_a_utf8_chinese_file_is_replaced_and_the_rest_decodes()
    {
        string text = ChineseFile();
        byte[] utf8 = Encoding.UTF8.GetBytes(text);
        Assert.True(utf8.Length > 18_000);
        byte[] damaged = [.. utf8[..9000], 0xFF, .. utf8[9000..]];

        DecodedText decoded = TextFileDecoder.Decode(damaged, "handbook.txt");

        Assert.Equal(Encoding.UTF8.CodePage, decoded.Encoding.CodePage);
        Assert.Equal("utf-8-repaired", decoded.Reason);
        // The bad byte and the character it cut in two become replacement characters; nothing else is lost.
        Assert.InRange(decoded.Text.Count(c => c == '\uFFFD'), 1, 3);
        string[] lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Count(decoded.Text.Contains) >= 299);
        Assert.Contains("第300条：试用期员工转正后按当年剩余日历天数折算年假。", decoded.Text);
    }

    [Fact]
    public void A_few_bad_bytes_scattered_through_the_file_are_still_utf8()
    {
        byte[] utf8 = Encoding.UTF8.GetBytes(ChineseFile());
        for (int i = 1000; i < utf8.Length; i += 4000)
        {
            utf8[i] = 0xFE;
        }

        Assert.Equal("utf-8-repaired", TextFileDecoder.Decode(utf8, "a.txt").Reason);
    }

    [Fact]
    public void Gbk_is_not_taken_for_damaged_utf8()
    {
        byte[] gbk = Encoding.GetEncoding("gbk").GetBytes(ChineseFile());

        DecodedText decoded = TextFileDecoder.Decode(gbk, "a.txt");

        Assert.Equal(ChineseFile(), decoded.Text);
        Assert.True(TextFileDecoder.ValidUtf8Share(gbk) < TextFileDecoder.MinValidUtf8Share);
    }

    [Fact]
    public void Bytes_that_are_garbage_in_every_encoding_are_reported_not_indexed()
    {
        // High bytes with no NUL and no control characters: not "binary", valid in no text encoding we know.
        var random = new Random(7);
        byte[] garbage = new byte[20_000];
        for (int i = 0; i < garbage.Length; i++)
        {
            garbage[i] = (byte)(i % 9 == 8 ? ' ' : random.Next(0x80, 0x100));
        }

        var error = Assert.Throws<DocumentParseException>(() => TextFileDecoder.Decode(garbage, "noise.txt"));
        Assert.Contains("noise.txt", error.Message);
        Assert.Contains("unlikely characters", error.Message);
    }

    [Theory]
    [InlineData("Größe, café, élève, naïve — “quoted” text in French and German.")]
    [InlineData("试用期员工转正后按当年剩余日历天数折算年假。")]
    [InlineData("Ünïcödé ok")]
    public void Ordinary_text_is_not_unlikely(string text) =>
        Assert.True(TextFileDecoder.UnlikelyShare(string.Concat(Enumerable.Repeat(text, 10))) < TextFileDecoder.MaxUnlikelyShare);

    [Fact]
    public void Utf8_chinese_read_as_cp1252_is_unlikely()
    {
        string mojibake = Encoding.GetEncoding(1252).GetString(Encoding.UTF8.GetBytes(ChineseFile()));
        Assert.True(TextFileDecoder.UnlikelyShare(mojibake) > TextFileDecoder.MaxUnlikelyShare);
    }
}
