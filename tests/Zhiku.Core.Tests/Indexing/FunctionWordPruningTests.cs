using Lucene.Net.Index;
using Lucene.Net.Search;
using Zhiku.Core.Indexing;
using Zhiku.Core.Indexing.Analysis;
using Zhiku.Core.Storage;

namespace Zhiku.Core.Tests.Indexing;

/// <summary>Question words found in many chunks are left out of a query that has content terms (speed at scale).</summary>
public sealed class FunctionWordPruningTests
{
    private static readonly KeywordQueryBuilder Builder = new(new TermAnalyzer());

    [Fact]
    public void CommonQuestionWordsLeaveAQueryWithContentTermsButRareOnesStay()
    {
        // "the" and "what" are in most chunks, "which" in 1%.
        Func<Term, double> share = t => t.Text switch { "the" or "what" => 0.9, "which" => 0.01, _ => 0.001 };

        ISet<string> terms = Terms(Builder.Build("What is the warranty of the pump, which model?", share)!);

        Assert.DoesNotContain("w:the", terms);
        Assert.DoesNotContain("w:what", terms);
        Assert.Contains("w:which", terms);
        Assert.Contains("w:pump", terms);
        Assert.Contains(terms, t => t.StartsWith("w:warrant", StringComparison.Ordinal));
    }

    [Fact]
    public void AQueryOfOnlyQuestionWordsKeepsThemAndWithoutStatisticsNothingIsDropped()
    {
        Func<Term, double> everywhere = _ => 0.9;
        Assert.Contains("w:what", Terms(Builder.Build("what is it", everywhere)!));
        Assert.Contains("w:the", Terms(Builder.Build("the pump", null)!));
    }

    [Fact]
    public void ChineseParticlesInMostChunksAreDroppedFromTheBigramField()
    {
        Func<Term, double> share = t => t.Text is "什么" or "是什" ? 0.5 : 0.001;
        ISet<string> terms = Terms(Builder.Build("年假是什么", share)!);
        Assert.DoesNotContain("bg:什么", terms);
        Assert.Contains("bg:年假", terms);
    }

    [Fact]
    public void SearchStillRanksByContentWhenEveryChunkHasTheQuestionWords()
    {
        using var temp = new TempFolder();
        using var index = new FullTextIndex(temp.Path);
        index.AddChunks(Enumerable.Range(1, 40).Select(i => Chunk(i, i == 7
            ? "what is the warranty: the pump has a warranty of two years"
            : $"what is the schedule of the meeting number {i}")).ToList());
        index.Commit();

        IReadOnlyList<KeywordHit> one = index.Search("What is the warranty of the pump?", 1);
        Assert.Equal(7, Assert.Single(one).ChunkId);
        // Asked for more than the content terms match: the question words fill the rest, as before.
        IReadOnlyList<KeywordHit> hits = index.Search("What is the warranty of the pump?", 5);
        Assert.Equal(7, hits[0].ChunkId);
        Assert.Equal(5, hits.Count);
        Assert.Equal(40, index.Search("what is the", 100).Count); // only question words: all kept
    }

    private static HashSet<string> Terms(Query query)
    {
        var terms = new HashSet<Term>();
        query.ExtractTerms(terms);
        return terms.Select(t => $"{t.Field}:{t.Text}").ToHashSet();
    }

    private static ChunkRecord Chunk(long id, string text) => new(id, id, 0, "", null, 0, text.Length, text, "t", null, null);
}
