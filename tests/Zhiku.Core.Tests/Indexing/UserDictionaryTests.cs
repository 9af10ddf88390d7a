using Zhiku.Core.Indexing.Analysis;
using Zhiku.Core.Indexing.Hybrid;
using Zhiku.Core.Tests.Indexing.Hybrid;

namespace Zhiku.Core.Tests.Indexing;

public sealed class UserDictionaryTests
{
    [Fact]
    public void DictionaryTermsBecomeWholeWordsOnlyWhereTheyOccur()
    {
        var analyzer = new TermAnalyzer(UserDictionary.FromTerms(["奥司他韦", "PD-L1"]));
        List<string> words = analyzer.Analyze("奥司他韦胶囊用于治疗流感", IndexField.Words).Select(t => t.Term).ToList();
        Assert.Contains("奥司他韦", words);
        Assert.DoesNotContain("奥司他韦", TermAnalyzer.Shared.Analyze("奥司他韦胶囊", IndexField.Words).Select(t => t.Term));
        Assert.DoesNotContain("奥司他韦", analyzer.Analyze("奥司他韦胶囊", IndexField.Bigrams).Select(t => t.Term));
        Assert.Contains("pd-l1", analyzer.Analyze("抗ＰＤ－Ｌ１抗体", IndexField.Words).Select(t => t.Term));
    }

    [Fact]
    public void LatinTermsMatchWholeWordsOnlyAndPositionsStayOrdered()
    {
        var analyzer = new TermAnalyzer(UserDictionary.FromTerms(["art", "spike protein"]));
        Assert.DoesNotContain("art", analyzer.Analyze("the start of it", IndexField.Words).Select(t => t.Term));
        var tokens = analyzer.Analyze("Modern art and the Spike Protein story", IndexField.Words);
        Assert.Contains("art", tokens.Select(t => t.Term));
        Assert.Contains("spike protein", tokens.Select(t => t.Term));
        Assert.Equal(tokens.OrderBy(t => t.Position).Select(t => t.Position), tokens.Select(t => t.Position));
    }

    [Fact]
    public void FileFormatAcceptsCommentsAndJiebaLines()
    {
        using var store = new VectorTestStore();
        string path = Path.Combine(store.Root, "terms.txt");
        File.WriteAllText(path, "# drugs\n奥司他韦 10 n\n\n瑞德西韦\t5\n 阿莫西林克拉维酸钾 \n");
        UserDictionary dictionary = UserDictionary.Load(path);
        Assert.Equal(["奥司他韦", "瑞德西韦", "阿莫西林克拉维酸钾"], dictionary.Terms.Order(StringComparer.Ordinal));
        Assert.NotEqual(UserDictionary.FromTerms(["奥司他韦"]).Fingerprint, dictionary.Fingerprint);
    }

    [Fact]
    public async Task AKnowledgeBaseWithADictionaryRanksTheWholeTermFirstAndRebuildsWhenItChanges()
    {
        using var store = new VectorTestStore();
        string dictionary = Path.Combine(store.Root, "terms.txt");
        File.WriteAllText(dictionary, "奥司他韦\n");
        RetrievalConfiguration With(string? path) => RetrievalConfiguration.KeywordOnly with
        {
            Settings = new RetrievalSettings { UserDictionaryPath = path },
        };

        using (KnowledgeBase kb = await store.Store.OpenKnowledgeBaseAsync("kb", create: true, With(null)))
        {
            await VectorTestStore.IngestAsync(kb, "奥司他韦是一种抗流感药物。", "他说奥司机开车去了韦家。");
        }

        using (KnowledgeBase kb = await store.Store.OpenKnowledgeBaseAsync("kb", create: false, With(dictionary)))
        {
            // Reopening with a dictionary re-indexes from the store, so the stored chunks carry the new term.
            Assert.True(kb.Index.TermStatistics(IndexField.Words, "奥司他韦").DocFreq == 1);
            var results = await kb.SearchAsync("奥司他韦", 2);
            Assert.Equal("doc1", results[0].Chunk.ExternalId);
        }

        using (KnowledgeBase kb = await store.Store.OpenKnowledgeBaseAsync("kb", create: false, With(null)))
        {
            Assert.Equal(0, kb.Index.TermStatistics(IndexField.Words, "奥司他韦").DocFreq);
        }
    }
}
