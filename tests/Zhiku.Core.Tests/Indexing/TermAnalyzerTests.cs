using Zhiku.Core.Indexing.Analysis;
using Zhiku.Core.Text;

namespace Zhiku.Core.Tests.Indexing;

public sealed class TermAnalyzerTests
{
    private static List<string> Terms(string text, string field) =>
        TermAnalyzer.Shared.Analyze(text, field).Select(t => t.Term).ToList();

    [Theory]
    [InlineData(IndexField.Words)]
    [InlineData(IndexField.Bigrams)]
    public void ProductCodesSurviveWholeAndByParts(string field)
    {
        List<string> terms = Terms("请查询型号ZK-2024-001的规格", field);
        Assert.Contains("zk-2024-001", terms);
        Assert.Contains("2024", terms);
        Assert.Contains("001", terms);
    }

    [Fact]
    public void MixedLetterDigitCodesAreNotBroken()
    {
        Assert.Contains("ace2", Terms("ACE2 receptor binding", IndexField.Words));
        Assert.Contains("v2.3.1", Terms("升级到v2.3.1版本", IndexField.Bigrams));
        Assert.Contains("li.ming@example.com", Terms("邮箱li.ming@example.com", IndexField.Words));
    }

    [Fact]
    public void FullWidthFoldsToHalfWidth()
    {
        Assert.Equal(Terms("ZK-2024", IndexField.Words), Terms("ＺＫ－２０２４", IndexField.Words));
    }

    [Fact]
    public void TraditionalFoldsToSimplified()
    {
        Assert.Equal(Terms("根据中华民国宪法", IndexField.Bigrams), Terms("根據中華民國憲法", IndexField.Bigrams));
        Assert.Contains("宪法", Terms("根據中華民國憲法", IndexField.Words));
    }

    [Fact]
    public void SimplifiedQuestionWordsAreNotRewritten()
    {
        Assert.Equal("什么", TextNormalizer.Normalize("什么"));
    }

    [Fact]
    public void EnglishIsLowerCasedAndStemmedInWordsOnly()
    {
        Assert.Contains("employe", Terms("Employees", IndexField.Words));
        Assert.Contains("employees", Terms("Employees", IndexField.Bigrams));
    }

    [Fact]
    public void QuestionWordsWeighLittle()
    {
        var tokens = TermAnalyzer.Shared.Analyze("试用期员工可以休年假吗", IndexField.Words);
        Assert.True(tokens.Single(t => t.Term == "吗").Weight < 0.5f);
        Assert.Equal(1f, tokens.First(t => t.Term == "员工").Weight);
        // jieba's HMM cuts 休年假 as 休年/假; the bigram field still carries 年假 at full weight.
        var bigrams = TermAnalyzer.Shared.Analyze("试用期员工可以休年假吗", IndexField.Bigrams);
        Assert.Equal(1f, bigrams.First(t => t.Term == "年假").Weight);
        Assert.True(bigrams.Single(t => t.Term == "假吗").Weight < 1f);
    }

    [Fact]
    public void ChineseBigramsOverlap()
    {
        Assert.Equal(["年假", "假期"], Terms("年假期", IndexField.Bigrams));
        Assert.Equal(["年"], Terms("年", IndexField.Bigrams));
    }

    [Theory]
    [InlineData("!")]
    [InlineData("+-!:*?\"()~^[]{}/\\ AND OR NOT")]
    [InlineData("😀🎉")]
    [InlineData("")]
    public void AnyTextAnalyzesWithoutError(string text)
    {
        _ = TermAnalyzer.Shared.Analyze(text, IndexField.Words);
        _ = TermAnalyzer.Shared.Analyze(text, IndexField.Bigrams);
    }
}
