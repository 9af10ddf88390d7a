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

    [Theory]
    [InlineData("能休")]
    [InlineData("没休")]
    public void AnUnlistedCompoundOfEverydayCharactersIsNoSpecificWord(string word)
    {
        Assert.Null(GeneralLanguage.Idf(word));
        Assert.True(GeneralLanguage.AbsentWordFactor(word) < 1.0, $"{word}: {GeneralLanguage.AbsentWordFactor(word)}");
        Assert.Equal(1.0, GeneralLanguage.AbsentTermFactor(word));
    }

    [Theory]
    [InlineData("宿舍")]
    [InlineData("钱")]
    [InlineData("lora")]
    public void AListedWordOrLatinTermWeighsAsBefore(string word) =>
        Assert.Equal(GeneralLanguage.AbsentTermFactor(word), GeneralLanguage.AbsentWordFactor(word));
}
