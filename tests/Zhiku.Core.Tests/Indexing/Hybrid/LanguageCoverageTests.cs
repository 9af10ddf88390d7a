using Zhiku.Core.Indexing.Hybrid;

namespace Zhiku.Core.Tests.Indexing.Hybrid;

public sealed class LanguageCoverageTests
{
    [Fact]
    public void EnglishModelCoversEnglishFullyAndChineseNotAtAll()
    {
        Assert.Equal(1, LanguageCoverage.Share("What does the spike protein bind to?", ["en"]));
        Assert.Equal(0, LanguageCoverage.Share("试用期员工可以休年假吗？", ["en"]));
    }

    [Fact]
    public void MixedQueryCountsChineseCharactersAsThreeBytes()
    {
        // "ACE2" is 4 bytes (3 letters + 1 digit), "受体" is 6: an English-only model reads 4/10 of it.
        Assert.Equal(0.4, LanguageCoverage.Share("ACE2受体", ["en"]), 6);
        Assert.Equal(0.7, LanguageCoverage.Share("ACE2受体", ["zh"]), 6);
    }

    [Fact]
    public void AnyLanguageAndTextWithoutLettersCountFully()
    {
        Assert.Equal(1, LanguageCoverage.Share("试用期", ["*"]));
        Assert.Equal(1, LanguageCoverage.Share("？！…", ["en"]));
    }

    [Fact]
    public void FullWidthLatinCountsAsLatin()
    {
        Assert.Equal(1, LanguageCoverage.Share("ＡＣＥ２", ["en"]));
    }
}
