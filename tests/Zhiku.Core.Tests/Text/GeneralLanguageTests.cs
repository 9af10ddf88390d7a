using Zhiku.Core.Text;

namespace Zhiku.Core.Tests.Text;

public sealed class GeneralLanguageTests
{
    [Theory]
    [InlineData("钱")]
    [InlineData("开始")]
    [InlineData("去")]
    public void AnEverydayWordTheKnowledgeBaseLacksKeepsLittleOfItsWeight(string word)
    {
        Assert.NotNull(GeneralLanguage.Idf(word));
        Assert.True(GeneralLanguage.AbsentTermFactor(word) <= 0.4, $"{word}: {GeneralLanguage.AbsentTermFactor(word)}");
    }

    [Theory]
    [InlineData("团建")]
    [InlineData("打印机")]
    [InlineData("会费")]
    public void ASpecificWordKeepsAllOfIt(string word) => Assert.Equal(1.0, GeneralLanguage.AbsentTermFactor(word));

    [Theory]
    [InlineData("lora")]
    [InlineData("zk-2024-001p")]
    [InlineData("营收")]
    public void LatinTermsAndWordsJiebaDoesNotListKeepAllOfIt(string term) => Assert.Equal(1.0, GeneralLanguage.AbsentTermFactor(term));

    [Fact]
    public void EverydayWordsWeighLessThanTopicWords() =>
        Assert.True(GeneralLanguage.AbsentTermFactor("卖") < GeneralLanguage.AbsentTermFactor("宿舍"));
}
