using Zhiku.Core.Indexing;
using Zhiku.Core.Indexing.Hybrid;
using Zhiku.Core.Indexing.Vectors;

namespace Zhiku.Core.Tests.Indexing.Hybrid;

public sealed class AgreementTests
{
    private static KeywordHit[] Keyword(params long[] ids) => [.. ids.Select(id => new KeywordHit(id, id, 1f))];

    private static VectorHit[] Dense(params long[] ids) => [.. ids.Select(id => new VectorHit(id, 0.5f))];

    [Fact]
    public void AgreementIsTheSharedShareOfTheTopTen()
    {
        long[] keyword = [.. Enumerable.Range(1, 20).Select(i => (long)i)];
        long[] dense = [1, 2, 3, 30, 31, 32, 33, 34, 35, 36, 4, 5];
        Assert.Equal(0.3, HybridSearcher.Agreement(Keyword(keyword), Dense(dense)), 6);
        Assert.Equal(1, HybridSearcher.Agreement(Keyword(keyword), Dense(keyword)), 6);
        Assert.Equal(0, HybridSearcher.Agreement(Keyword(keyword), Dense(40, 41)), 6);
    }

    [Fact]
    public void ShortListsAreJudgedOnWhatTheyHaveAndAnEmptyKeywordListLeavesDenseAlone()
    {
        Assert.Equal(0.5, HybridSearcher.Agreement(Keyword(1, 2), Dense(2, 9, 8, 7)), 6);
        Assert.Equal(1, HybridSearcher.Agreement(Keyword(), Dense(1, 2)), 6);
    }
}
