using Microsoft.Data.Sqlite;
using Zhiku.Core.Access;
using Zhiku.Core.Chat;
using Zhiku.Core.Indexing;
using Zhiku.Core.Jobs;
using Zhiku.Core.Security;
using Zhiku.Core.Storage;
using Zhiku.Core.Storage.Sqlite;

namespace Zhiku.Core.Tests.Storage;

/// <summary>
/// Stores written by the release before schema migrations (commit aa0d903; how they were made:
/// Fixtures/Stores/README.md) must open with the current code and keep everything: documents, chunks, the
/// full-text index, users and keys, access lists, chats and jobs; the encrypted one must decrypt with its key.
/// </summary>
public sealed class StoreUpgradeTests
{
    /// <summary>The key the encrypted fixture was written with (ZHIKU_KEY, hex).</summary>
    private const string FixtureKey = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

    [Theory]
    [InlineData("v1-plain")]
    [InlineData("v1-encrypted")]
    public async Task AStoreOfTheLastReleaseOpensWithItsDocumentsUsersChatsAndJobs(string fixture)
    {
        using var temp = new TempFolder();
        string root = CopyFixture(fixture, temp.Path);
        EncryptionKey? key = fixture.EndsWith("encrypted", StringComparison.Ordinal) ? EncryptionKey.Parse(FixtureKey, "test") : null;
        ZhikuStore store = ZhikuStore.Open(root, key);
        MetadataStore metadata = store.Metadata;
        Assert.Equal(key is not null, metadata.EncryptsText);
        Assert.Equal(Zhiku.Core.Storage.Sqlite.SqliteMigrations.Latest, metadata.SchemaVersion);
        Assert.Empty(await store.Audit.ListAsync());

        Assert.Equal(["default", "hr"], (await new SqliteKnowledgeBaseStore(metadata).ListAsync()).Select(k => k.Name));
        KnowledgeBaseInfo defaultKb = (await new SqliteKnowledgeBaseStore(metadata).FindAsync("default"))!;
        IReadOnlyList<DocumentInfo> documents = await store.Documents.ListAsync(defaultKb.Id);
        Assert.Equal(2, documents.Count);
        Assert.All(documents, d => Assert.True(d.Indexed));
        DocumentInfo handbook = Assert.Single(documents, d => d.Title.Contains("员工手册", StringComparison.Ordinal));
        Assert.Contains("年假", await store.Documents.GetTextAsync(handbook.Id), StringComparison.Ordinal);
        IReadOnlyList<ChunkRecord> chunks = await store.Chunks.GetOfDocumentsAsync([handbook.Id]);
        Assert.Equal(handbook.ChunkCount, chunks.Count);
        Assert.Contains(chunks, c => c.Text.Contains("年假", StringComparison.Ordinal));
        DocumentInfo uploaded = Assert.Single(documents, d => d.Title.Contains("Travel", StringComparison.Ordinal));
        Assert.Equal(["it"], uploaded.Groups);
        Assert.Contains("claim", await store.Documents.GetTextAsync(uploaded.Id), StringComparison.OrdinalIgnoreCase);

        using (KnowledgeBase kb = await store.OpenKnowledgeBaseAsync("default"))
        {
            IReadOnlyList<SearchResult> results = await kb.SearchAsync("试用期 年假", top: 5, useDense: false);
            Assert.NotEmpty(results);
            Assert.Equal(handbook.Id, results[0].Chunk.DocId);
        }

        using (KnowledgeBase hr = await store.OpenKnowledgeBaseAsync("hr"))
        {
            IReadOnlyList<SearchResult> results = await hr.SearchAsync("春节 放假", top: 5, useDense: false);
            Assert.Contains(results, r => r.Chunk.Title.Contains("春节", StringComparison.Ordinal));
        }

        IUserStore users = new SqliteUserStore(metadata);
        UserInfo alice = (await users.FindAsync("alice"))!;
        Assert.Equal(UserRole.Admin, alice.Role);
        Assert.Equal(["finance", "hr"], alice.Groups.Order());
        Assert.Equal(alice.Id, (await users.FindByKeyAsync(FixtureApiKey(fixture)))?.Id);
        Assert.Null(await users.FindByKeyAsync("zk_not-a-key"));
        UserInfo bob = (await users.FindAsync("bob"))!;

        IKnowledgeBaseAccessStore access = new SqliteKnowledgeBaseAccessStore(metadata);
        KnowledgeBaseInfo hrKb = (await new SqliteKnowledgeBaseStore(metadata).FindAsync("hr"))!;
        Assert.Contains(new KbAccessEntry("bob", KbRole.Reader), await access.ListAccessAsync(hrKb.Id));
        Assert.Equal(KbRole.Reader, await access.GetRoleAsync(bob, hrKb.Id));

        var chats = new SqliteChatStore(metadata);
        ChatSession session = Assert.Single(await chats.ListAsync(alice.Id));
        Assert.Equal(defaultKb.Id, session.KbId);
        IReadOnlyList<ChatMessage> turns = await chats.MessagesAsync(session.Id);
        Assert.Equal("试用期员工可以休年假吗？", turns.First(m => m.Role == "user").Text);
        Assert.Contains(turns, m => m.Role == "assistant" && m.Text.Length > 0);

        var jobs = new SqliteJobStore(metadata);
        JobRecord job = Assert.Single(await jobs.ListForKnowledgeBaseAsync(defaultKb.Id));
        Assert.Equal(JobStatus.Completed, job.Status);
        Assert.Equal(1, job.FilesDone);
    }

    [Fact]
    public void TheEncryptedFixtureHoldsNoPlainTextAndRefusesToOpenWithoutItsKey()
    {
        using var temp = new TempFolder();
        string root = CopyFixture("v1-encrypted", temp.Path);
        using (var connection = new SqliteConnection($"Data Source={Path.Combine(root, "zhiku.db")};Pooling=False"))
        {
            connection.Open();
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = "SELECT text FROM chunks UNION ALL SELECT text FROM chat_messages UNION ALL SELECT title FROM documents;";
            using SqliteDataReader reader = command.ExecuteReader();
            int rows = 0;
            while (reader.Read())
            {
                Assert.StartsWith("enc:", reader.GetString(0), StringComparison.Ordinal);
                rows++;
            }

            Assert.True(rows > 5);
        }

        var refused = Assert.Throws<ZhikuException>(() => ZhikuStore.Open(root, key: null));
        Assert.Contains("ZHIKU_KEY", refused.Message, StringComparison.Ordinal);
        Assert.Equal(ErrorKind.Forbidden, refused.Kind);
    }

    private static string FixtureApiKey(string fixture) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "Stores", fixture + ".api-key")).Trim();

    /// <summary>Copies a fixture store into a temp folder: opening a store writes to it (WAL, upgrades).</summary>
    private static string CopyFixture(string fixture, string into)
    {
        string source = Path.Combine(AppContext.BaseDirectory, "Fixtures", "Stores", fixture);
        string target = Path.Combine(into, fixture);
        foreach (string file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            string copy = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
        }

        return target;
    }
}
