using Microsoft.Data.Sqlite;
using Zhiku.Core.Access;
using Zhiku.Core.Ingestion;
using Zhiku.Core.Privacy;
using Zhiku.Core.Security;
using Zhiku.Core.Storage;
using Zhiku.Core.Storage.Sqlite;

namespace Zhiku.Core.Tests.Privacy;

public sealed class StorePrivacyTests
{
    [Fact]
    public async Task DocumentTextIsEncryptedAtRestAndReadableWithTheKey()
    {
        using var temp = new TempFolder();
        EncryptionKey key = EncryptionKey.Generate();
        string db = Path.Combine(temp.Path, "zhiku.db");
        MetadataStore store = MetadataStore.Open(db, key);
        KnowledgeBaseInfo kb = await new SqliteKnowledgeBaseStore(store).CreateAsync("default", DataPolicy.Cloud);
        var chunk = new Zhiku.Core.Chunking.TextChunk(0, 0, 12, "王建国的手机13912345678", "", null);
        await new SqliteDocumentStore(store).ReplaceAsync(kb.Id, "k", [new NewDocument(null, "k", "x", "t", "txt", "h", 1, "王建国的手机13912345678", [chunk], null)]);

        string raw = RawColumn(db, "SELECT text FROM chunks") + RawColumn(db, "SELECT text FROM document_texts");
        Assert.DoesNotContain("13912345678", raw);
        Assert.StartsWith("enc:", raw);
        long docId = (await new SqliteDocumentStore(store).ListAsync(kb.Id))[0].Id;
        Assert.Equal("王建国的手机13912345678", await new SqliteDocumentStore(store).GetTextAsync(docId));
        Assert.Equal("王建国的手机13912345678", (await new SqliteChunkStore(store).GetOfDocumentsAsync([docId]))[0].Text);
    }

    [Fact]
    public void AnEncryptedStoreRefusesAMissingOrWrongKeyClearly()
    {
        using var temp = new TempFolder();
        string db = Path.Combine(temp.Path, "zhiku.db");
        MetadataStore.Open(db, EncryptionKey.Generate());
        SqliteConnection.ClearAllPools();

        var missing = Assert.Throws<ZhikuException>(() => MetadataStore.Open(db));
        Assert.Contains("ZHIKU_KEY", missing.Message);
        var wrong = Assert.Throws<ZhikuException>(() => MetadataStore.Open(db, EncryptionKey.Generate()));
        Assert.Contains("not this store's key", wrong.Message);
        Assert.Equal(ErrorKind.Forbidden, missing.Kind);
        Assert.Equal(ErrorKind.Forbidden, wrong.Kind);
    }

    [Fact]
    public async Task PolicyRulesSetDocumentPoliciesAtIngest()
    {
        using var temp = new TempFolder();
        using KnowledgeBase kb = await ZhikuStore.Open(temp.Path).OpenKnowledgeBaseAsync("default");
        var options = new IngestOptions
        {
            PolicyRules =
            [
                new PrivacyRule(DataPolicy.LocalOnly) { PathGlob = "**/hr/**" },
                new PrivacyRule(DataPolicy.Forbidden) { Keywords = ["绝密"] },
                new PrivacyRule(DataPolicy.LocalOnly) { Categories = [SensitiveCategory.Health] },
            ],
        };
        var ingestor = new Ingestor(kb, options);
        string Policy(string path, string text) => ingestor.Prepare(TestDocuments.Plain("x", "t", text), path, path, "h", 1).Policy ?? "inherit";

        Assert.Equal(DataPolicy.LocalOnly, Policy("/data/hr/roster.csv", "员工名单"));
        Assert.Equal(DataPolicy.Forbidden, Policy("/data/hr/plan.md", "绝密：并购计划"));
        Assert.Equal(DataPolicy.LocalOnly, Policy("/data/notes.md", "患者诊断为高血压，需长期服药。"));
        Assert.Equal("inherit", Policy("/data/notes.md", "会议室预订流程"));
        // A requested policy never loosens a rule: the strictest wins.
        var explicitPolicy = new Ingestor(kb, options with { Policy = DataPolicy.Cloud });
        Assert.Equal(DataPolicy.Forbidden, explicitPolicy.Prepare(TestDocuments.Plain("x", "t", "绝密"), "/a/hr/b", "k", "h", 1).Policy);
        Assert.Equal(DataPolicy.Cloud, explicitPolicy.Prepare(TestDocuments.Plain("x", "t", "会议室预订流程"), "/a/b", "k", "h", 1).Policy);
    }

    [Fact]
    public async Task ForbiddenDocumentsAndKnowledgeBasesAreNeverRetrieved()
    {
        using var temp = new TempFolder();
        ZhikuStore store = ZhikuStore.Open(temp.Path);
        using (KnowledgeBase kb = await store.OpenKnowledgeBaseAsync("default"))
        {
            var forbidden = new Ingestor(kb, new IngestOptions { Policy = DataPolicy.Forbidden });
            await forbidden.IngestDocumentsAsync([forbidden.Prepare(TestDocuments.Plain("s", "并购", "北斗并购计划尚未公开。"), null, "t#s", "h", 1)]);
            await TestDocuments.LoadAsync(kb, ("o", "公开", "北斗项目公开信息：已发布。"));
            Assert.All(await kb.SearchAsync("北斗并购计划"), r => Assert.Equal("o", r.Chunk.ExternalId));
            Assert.DoesNotContain("并购", (await kb.AskAsync("北斗并购计划是什么？")).Text);
        }

        await store.CreateKnowledgeBaseAsync("sealed", DataPolicy.Forbidden);
        using KnowledgeBase sealedKb = await store.OpenKnowledgeBaseAsync("sealed");
        await TestDocuments.LoadAsync(sealedKb, ("x", "x", "北斗项目公开信息"));
        Assert.Empty(await sealedKb.SearchAsync("北斗"));
    }

    private static string RawColumn(string db, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={db}");
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        return (string)command.ExecuteScalar()!;
    }
}
