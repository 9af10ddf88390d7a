using Zhiku.Core.Answering.Citations;

namespace Zhiku.Core.Tests.Answering;

public sealed class SentenceSplitterTests
{
    private static string[] Split(string text) => CitationMarkers.SplitSentences(text).Select(s => s.Text).ToArray();

    [Fact]
    public void Chinese_terminators_end_sentences()
    {
        Assert.Equal(["甲。", "乙！", "丙？", "丁；", "戊"], Split("甲。乙！丙？丁；戊"));
    }

    [Fact]
    public void Decimals_abbreviations_and_initials_do_not_end_sentences()
    {
        Assert.Equal(
            ["The rate is 3.5 percent, e.g. for Dr. Smith and J. Doe.", "Next one."],
            Split("The rate is 3.5 percent, e.g. for Dr. Smith and J. Doe. Next one."));
    }

    [Fact]
    public void Closing_quotes_and_markers_stay_with_their_sentence()
    {
        Assert.Equal(["他说：“可以。”[1]", "好的。【2】", "End. [3][4]", "Last"], Split("他说：“可以。”[1]好的。【2】End. [3][4] Last"));
    }

    [Fact]
    public void Line_breaks_end_sentences_and_blank_lines_vanish()
    {
        Assert.Equal(["- 第一条", "- 第二条"], Split("- 第一条\n\n- 第二条\n"));
    }

    [Fact]
    public void Offsets_point_into_the_text()
    {
        const string text = "  第一句。 Second one. ";
        foreach ((int start, string sentence) in CitationMarkers.SplitSentences(text))
        {
            Assert.Equal(sentence, text.Substring(start, sentence.Length));
        }
    }
}
