using Microsoft.Data.Sqlite;
using Zhiku.Core.Access;
using Zhiku.Core.Chunking;
using Zhiku.Core.Ingestion;
using Zhiku.Core.Storage;
using Zhiku.Core.Storage.Sqlite;

namespace Zhiku.Core.Tests.Storage;

/// <summary>Create, find, list, policy, delete and the failure contract of <see cref="IKnowledgeBaseStore"/> on every engine.</summary>
public sealed class KnowledgeBaseStoreTests
{
    private static NewDocument Document(string path, string text) =>
        new(path, path, null, "手册", "md", "h-" + text, 9, text, [new TextChunk(0, 0, text.Length, text, "", null)], null);

    private static Task<long> CountAsync(StoreEngine store, string table, long kbId) =>
        store.CountAsync($"SELECT COUNT(*) FROM {table} WHERE kb_id = {kbId}");

    [Theory]
    [MemberData(nameof(StoreEngine.All), MemberType = typeof(StoreEngine))]
    public async Task KnowledgeBasesAreCreatedFoundListedByNameAndChanged(string engine)
    {
        await using StoreEngine store = await StoreEngine.OpenAsync(engine);
        IKnowledgeBaseStore kbs = store.KnowledgeBases;

        KnowledgeBaseInfo legal = await kbs.CreateAsync("法务", DataPolicy.LocalOnly);
        KnowledgeBaseInfo hr = await kbs.CreateAsync("hr", DataPolicy.Cloud);

        Assert.NotEqual(legal.Id, hr.Id);
        Assert.Equal(DataPolicy.LocalOnly, legal.Policy);
        Assert.Equal(legal, await kbs.FindAsync("法务"));
        Assert.Null(await kbs.FindAsync("HR"));
        Assert.Null(await kbs.FindAsync("hr "));
        KnowledgeBaseInfo upper = await kbs.CreateAsync("HR", DataPolicy.Cloud);
        Assert.Equal(upper, await kbs.FindAsync("HR"));

        // By code point, as SQLite orders text, whatever the database's collation.
        Assert.Equal(["HR", "hr", "法务"], (await kbs.ListAsync()).Select(k => k.Name));

        Assert.True(await kbs.SetPolicyAsync(hr.Id, DataPolicy.Forbidden));
        Assert.Equal(DataPolicy.Forbidden, (await kbs.FindAsync("hr"))!.Policy);
        Assert.False(await kbs.SetPolicyAsync(404, DataPolicy.Cloud));
    }

    [Theory]
    [MemberData(nameof(StoreEngine.All), MemberType = typeof(StoreEngine))]
    public async Task ATakenNameIsAConflictAndChangesNothing(string engine)
    {
        await using StoreEngine store = await StoreEngine.OpenAsync(engine);
        IKnowledgeBaseStore kbs = store.KnowledgeBases;
        KnowledgeBaseInfo first = await kbs.CreateAsync("hr", DataPolicy.Cloud);

        ZhikuException ex = await Assert.ThrowsAsync<ZhikuException>(() => kbs.CreateAsync("hr", DataPolicy.LocalOnly));

        Assert.Equal(ErrorKind.Conflict, ex.Kind);
        Assert.Equal("hr", ex.Subject);
        Assert.Equal(first, Assert.Single(await kbs.ListAsync()));
    }

    [Theory]
    [MemberData(nameof(StoreEngine.All), MemberType = typeof(StoreEngine))]
    public async Task CreatesOfOneNameAtOnceMakeOneKnowledgeBaseAndTheRestConflict(string engine)
    {
        await using StoreEngine store = await StoreEngine.OpenAsync(engine);
        IKnowledgeBaseStore kbs = store.KnowledgeBases;
        using var start = new ManualResetEventSlim();

        // Nodes (here: connections) racing for one name: the store's unique name decides, not a look before the insert.
        Task<KnowledgeBaseInfo>[] creates = Enumerable.Range(0, 8)
            .Select(i => Task.Run(() =>
            {
                start.Wait();
                return kbs.CreateAsync("shared", i % 2 == 0 ? DataPolicy.Cloud : DataPolicy.LocalOnly);
            }))
            .ToArray();
        start.Set();
        await Task.WhenAll(creates.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));

        KnowledgeBaseInfo created = await Assert.Single(creates, t => t.IsCompletedSuccessfully);
        Assert.All(creates.Where(t => !t.IsCompletedSuccessfully),
            t => Assert.Equal(ErrorKind.Conflict, Assert.IsType<ZhikuException>(t.Exception!.InnerException).Kind));
        Assert.Equal([created], await kbs.ListAsync());
    }

    [Theory]
    [MemberData(nameof(StoreEngine.All), MemberType = typeof(StoreEngine))]
    public async Task DeletingRemovesWhatRefersToItAndLeavesOthers(string engine)
    {
        await using StoreEngine store = await StoreEngine.OpenAsync(engine);
        IKnowledgeBaseStore kbs = store.KnowledgeBases;
        KnowledgeBaseInfo doomed = await kbs.CreateAsync("doomed", DataPolicy.Cloud);
        KnowledgeBaseInfo kept = await kbs.CreateAsync("kept", DataPolicy.Cloud);
        foreach (KnowledgeBaseInfo kb in new[] { doomed, kept })
        {
            // One document replaced by another, so each knowledge base has a document, its text and chunk, and a tombstone.
            await store.Documents.ReplaceAsync(kb.Id, "/d/a.md", [Document("/d/a.md", "旧的。")]);
            await store.Documents.ReplaceAsync(kb.Id, "/d/a.md", [Document("/d/a.md", "新的。")]);
            await store.KnowledgeBaseAccess.SetOwnerAsync(kb.Id, 7, personal: false);
            await store.KnowledgeBaseAccess.SetAccessAsync(kb.Id, null, KbRole.Reader);
            await store.KnowledgeBaseAccess.SetSettingAsync(kb.Id, "provider", "local");
            await store.Chats.CreateAsync(7, kb.Id, "问题");
            await store.Jobs.CreateAsync(kb.Id, 7, "ingest", [], [], null, force: false);
        }

        Assert.True(await kbs.DeleteAsync(doomed.Id));

        Assert.Null(await kbs.FindAsync("doomed"));
        Assert.Equal([kept], await kbs.ListAsync());
        foreach (string table in new[] { "documents", "index_tombstones", "kb_owners", "kb_access", "kb_settings", "chat_sessions", "jobs" })
        {
            Assert.Equal((table, 0L, 1L), (table, await CountAsync(store, table, doomed.Id), await CountAsync(store, table, kept.Id)));
        }

        Assert.Equal(1, await store.CountAsync("SELECT COUNT(*) FROM document_texts"));
        Assert.Equal(1, await store.CountAsync("SELECT COUNT(*) FROM chunks"));
        Assert.False(await kbs.DeleteAsync(doomed.Id));
        Assert.False(await kbs.SetPolicyAsync(doomed.Id, DataPolicy.Forbidden));
    }

    [Fact]
    public async Task DeletingInTheEmbeddedStoreRemovesItsIndexedDocumentsAndTombstones()
    {
        using var folder = new TempFolder();
        ZhikuStore store = ZhikuStore.Open(Path.Combine(folder.Path, "store"));
        using (KnowledgeBase kb = await store.OpenKnowledgeBaseAsync("default"))
        {
            await new Ingestor(kb).IngestAsync([folder.File("a.md", "# 手册\n\n正式员工每年十天年假。")]);
        }

        KnowledgeBaseInfo doomed = (await store.KnowledgeBases.FindAsync("default"))!;
        KnowledgeBaseInfo kept = await store.KnowledgeBases.CreateAsync("kept", DataPolicy.Cloud);
        long docId = Assert.Single(await store.Documents.ListAsync(doomed.Id)).Id;
        Assert.True(await store.Documents.DeleteAsync(doomed.Id, docId));
        Assert.Equal(1, TombstoneCount(store, doomed.Id));

        Assert.True(await store.KnowledgeBases.DeleteAsync(doomed.Id));

        Assert.Null(await store.KnowledgeBases.FindAsync("default"));
        Assert.Equal([kept], await store.KnowledgeBases.ListAsync());
        Assert.Empty(await store.Documents.ListAsync(doomed.Id));
        Assert.Equal(0, TombstoneCount(store, doomed.Id));
        Assert.False(await store.KnowledgeBases.DeleteAsync(doomed.Id));
    }

    [Fact]
    public async Task AnEmbeddedStoreWhoseFileCannotBeOpenedIsUnavailable()
    {
        using var temp = new TempFolder();
        string folder = Path.Combine(temp.Path, "store");
        Directory.CreateDirectory(folder);
        IKnowledgeBaseStore kbs = new SqliteKnowledgeBaseStore(MetadataStore.Open(Path.Combine(folder, "zhiku.db")));

        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);

        ZhikuException ex = await Assert.ThrowsAsync<ZhikuException>(() => kbs.ListAsync());
        Assert.Equal(ErrorKind.Unavailable, ex.Kind);
        Assert.IsType<SqliteException>(ex.InnerException);
    }

    [Theory]
    [MemberData(nameof(StoreEngine.All), MemberType = typeof(StoreEngine))]
    public async Task ACancelledCallThrowsOperationCanceledAndWritesNothing(string engine)
    {
        await using StoreEngine store = await StoreEngine.OpenAsync(engine);
        IKnowledgeBaseStore kbs = store.KnowledgeBases;
        KnowledgeBaseInfo hr = await kbs.CreateAsync("hr", DataPolicy.Cloud);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => kbs.CreateAsync("legal", DataPolicy.Cloud, cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => kbs.DeleteAsync(hr.Id, cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => kbs.SetPolicyAsync(hr.Id, DataPolicy.Forbidden, cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => kbs.FindAsync("hr", cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => kbs.ListAsync(cancelled.Token));

        Assert.Equal([hr], await kbs.ListAsync());
    }

    private static long TombstoneCount(ZhikuStore store, long kbId)
    {
        using SqliteConnection connection = store.Metadata.Connect();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM index_tombstones WHERE kb_id = $kb;";
        command.Parameters.AddWithValue("$kb", kbId);
        return (long)command.ExecuteScalar()!;
    }
}
