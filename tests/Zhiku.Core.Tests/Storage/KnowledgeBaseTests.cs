using Zhiku.Core.Storage;
using Zhiku.Core.Answering;
using Zhiku.Core.Indexing;

namespace Zhiku.Core.Tests.Storage;

public sealed class KnowledgeBaseTests
{
    [Fact]
    public async Task SearchRanksTheRightChineseDocumentFirst()
    {
        using var temp = new TempFolder();
        using KnowledgeBase kb = await ZhikuStore.Open(temp.Path).OpenKnowledgeBaseAsync("default");
        await TestDocuments.LoadAsync(kb, TestDocuments.Handbook);

        Assert.Equal("leave", (await kb.SearchAsync("试用期员工可以休年假吗？"))[0].Chunk.ExternalId);
        Assert.Equal("expense", (await kb.SearchAsync("报销要多少天内提交"))[0].Chunk.ExternalId);
        Assert.Equal("product", (await kb.SearchAsync("zk-2024-001"))[0].Chunk.ExternalId);
        Assert.Equal("product", (await kb.SearchAsync("ＺＫ－２０２４－００１"))[0].Chunk.ExternalId);
        Assert.Equal("expense", (await kb.SearchAsync("報銷流程"))[0].Chunk.ExternalId);
    }

    [Theory]
    [InlineData("!")]
    [InlineData("?")]
    [InlineData("\"年假")]
    [InlineData("年假 AND OR NOT (试用期")]
    [InlineData("+-!:*?\"()~^[]{}/\\")]
    [InlineData("😀 年假 🎉")]
    [InlineData("年")]
    public async Task AnyQueryTextSearchesWithoutError(string query)
    {
        using var temp = new TempFolder();
        using KnowledgeBase kb = await ZhikuStore.Open(temp.Path).OpenKnowledgeBaseAsync("default");
        await TestDocuments.LoadAsync(kb, TestDocuments.Handbook);
        IReadOnlyList<SearchResult> results = await kb.SearchAsync(query);
        if (query.Contains("年假", StringComparison.Ordinal))
        {
            Assert.Equal("leave", results[0].Chunk.ExternalId);
        }
    }

    [Fact]
    public async Task VeryLongQueryWorks()
    {
        using var temp = new TempFolder();
        using KnowledgeBase kb = await ZhikuStore.Open(temp.Path).OpenKnowledgeBaseAsync("default");
        await TestDocuments.LoadAsync(kb, TestDocuments.Handbook);
        string query = "食堂" + new string('啊', 5000) + string.Concat(Enumerable.Range(0, 5000).Select(i => (char)('一' + i % 500)));
        Assert.Equal(10_002, query.Length);
        Assert.NotEmpty(await kb.SearchAsync(query));
    }

    [Fact]
    public async Task AskQuotesTheAnsweringSentenceWithACitation()
    {
        using var temp = new TempFolder();
        using KnowledgeBase kb = await ZhikuStore.Open(temp.Path).OpenKnowledgeBaseAsync("default");
        await TestDocuments.LoadAsync(kb, TestDocuments.Handbook);

        Answer answer = await kb.AskAsync("试用期员工可以休年假吗？");
        Assert.True(answer.Found);
        Assert.Contains("试用期员工不享受带薪年假", answer.Text);
        Assert.Contains("[1]", answer.Text);
        Citation first = answer.Citations[0];
        Assert.Equal("leave", first.ExternalId);
        Assert.Contains(first.Quote, TestDocuments.Handbook[0].Text);
    }

    [Fact]
    public async Task AskSaysNotFoundForUnrelatedQuestions()
    {
        using var temp = new TempFolder();
        using KnowledgeBase kb = await ZhikuStore.Open(temp.Path).OpenKnowledgeBaseAsync("default");
        await TestDocuments.LoadAsync(kb, TestDocuments.Handbook);

        Answer answer = await kb.AskAsync("火星的大气层主要由什么气体组成？");
        Assert.False(answer.Found);
        Assert.Equal("知识库中没有找到相关内容。", answer.Text);
        Assert.Empty(answer.Citations);
        Assert.False((await kb.AskAsync("What is the boiling point of mercury?")).Found);
    }

    [Fact]
    public async Task IndexIsRepairedFromTheStoreAfterACrash()
    {
        using var temp = new TempFolder();
        ZhikuStore store = ZhikuStore.Open(temp.Path);
        using (KnowledgeBase kb = await store.OpenKnowledgeBaseAsync("default"))
        {
            await TestDocuments.LoadAsync(kb, TestDocuments.Handbook);
            // The process "dies" after the store commit, before the index is updated.
            await kb.Store.Documents.ReplaceAsync(kb.Info.Id, "test#late", [TestDocuments.Prepared(kb, "late", "停车", "员工停车位在地下二层。")]);
            await kb.Store.Documents.DeleteAsync(kb.Info.Id, (await kb.SearchAsync("食堂"))[0].Chunk.DocId);
        }

        using (KnowledgeBase reopened = await store.OpenKnowledgeBaseAsync("default"))
        {
            Assert.Equal("late", (await reopened.SearchAsync("停车位"))[0].Chunk.ExternalId);
            Assert.DoesNotContain(await reopened.SearchAsync("食堂"), r => r.Chunk.ExternalId == "canteen");
            Assert.Equal(5, reopened.Index.Count);
        }
    }

    [Fact]
    public async Task ARepairCancelledDuringTheOpenLeavesNothingOpenAndIsDoneByTheNextOpen()
    {
        using var temp = new TempFolder();
        ZhikuStore store = ZhikuStore.Open(temp.Path);
        KnowledgeBaseInfo info;
        using (KnowledgeBase kb = await store.OpenKnowledgeBaseAsync("default"))
        {
            await TestDocuments.LoadAsync(kb, TestDocuments.Handbook);
            await kb.Store.Documents.ReplaceAsync(kb.Info.Id, "test#late", [TestDocuments.Prepared(kb, "late", "停车", "员工停车位在地下二层。")]);
            info = kb.Info;
        }

        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            KnowledgeBase.OpenAsync(store, info, store.LoadRetrievalConfiguration("default"), cancelled.Token));

        using KnowledgeBase reopened = await store.OpenKnowledgeBaseAsync("default");
        Assert.Equal("late", (await reopened.SearchAsync("停车位"))[0].Chunk.ExternalId);
        Assert.Equal(6, reopened.Index.Count);
    }

    [Fact]
    public async Task MissingIndexFolderIsRebuilt()
    {
        using var temp = new TempFolder();
        ZhikuStore store = ZhikuStore.Open(temp.Path);
        long kbId;
        using (KnowledgeBase kb = await store.OpenKnowledgeBaseAsync("default"))
        {
            await TestDocuments.LoadAsync(kb, TestDocuments.Handbook);
            kbId = kb.Info.Id;
        }

        Directory.Delete(store.Layout.FullTextFolder(kbId), recursive: true);
        using KnowledgeBase rebuilt = await store.OpenKnowledgeBaseAsync("default");
        Assert.Equal("leave", (await rebuilt.SearchAsync("年假"))[0].Chunk.ExternalId);
        Assert.Equal(5, rebuilt.Index.Count);
    }

    [Fact]
    public async Task UnknownKnowledgeBaseIsAUserError()
    {
        using var temp = new TempFolder();
        var ex = await Assert.ThrowsAsync<ZhikuException>(() => ZhikuStore.Open(temp.Path).OpenKnowledgeBaseAsync("nope"));
        Assert.Contains("nope", ex.Message);
        Assert.Equal(ErrorKind.NotFound, ex.Kind);
        Assert.Equal("nope", ex.Subject);
        Assert.DoesNotContain("--kb", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DuplicateOrInvalidKnowledgeBaseNamesAreRejected()
    {
        using var temp = new TempFolder();
        ZhikuStore store = ZhikuStore.Open(temp.Path);
        await store.CreateKnowledgeBaseAsync("法务");
        Assert.Equal(ErrorKind.Conflict, (await Assert.ThrowsAsync<ZhikuException>(() => store.CreateKnowledgeBaseAsync("法务"))).Kind);
        Assert.Equal(ErrorKind.InvalidInput, (await Assert.ThrowsAsync<ZhikuException>(() => store.CreateKnowledgeBaseAsync("../etc"))).Kind);
        ZhikuException policy = await Assert.ThrowsAsync<ZhikuException>(() => store.CreateKnowledgeBaseAsync("x", "public"));
        Assert.Equal(ErrorKind.InvalidInput, policy.Kind);
        Assert.StartsWith("policy: ", policy.Message, StringComparison.Ordinal);
    }
}
