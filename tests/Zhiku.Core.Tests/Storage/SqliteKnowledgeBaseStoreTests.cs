using Microsoft.Data.Sqlite;
using Zhiku.Core.Access;
using Zhiku.Core.Ingestion;
using Zhiku.Core.Storage;
using Zhiku.Core.Storage.Sqlite;

namespace Zhiku.Core.Tests.Storage;

/// <summary>Create, find, list, policy, delete and the failure contract of <see cref="IKnowledgeBaseStore"/> over SQLite.</summary>
public sealed class SqliteKnowledgeBaseStoreTests
{
    [Fact]
    public async Task KnowledgeBasesAreCreatedFoundListedByNameAndChanged()
    {
        using var temp = new TempFolder();
        IKnowledgeBaseStore kbs = new SqliteKnowledgeBaseStore(MetadataStore.Open(Path.Combine(temp.Path, "zhiku.db")));

        KnowledgeBaseInfo legal = await kbs.CreateAsync("法务", DataPolicy.LocalOnly);
        KnowledgeBaseInfo hr = await kbs.CreateAsync("hr", DataPolicy.Cloud);

        Assert.NotEqual(legal.Id, hr.Id);
        Assert.Equal(DataPolicy.LocalOnly, legal.Policy);
        Assert.Equal(legal, await kbs.FindAsync("法务"));
        Assert.Null(await kbs.FindAsync("HR"));
        Assert.Equal(["hr", "法务"], (await kbs.ListAsync()).Select(k => k.Name));

        Assert.True(await kbs.SetPolicyAsync(hr.Id, DataPolicy.Forbidden));
        Assert.Equal(DataPolicy.Forbidden, (await kbs.FindAsync("hr"))!.Policy);
        Assert.False(await kbs.SetPolicyAsync(404, DataPolicy.Cloud));
    }

    [Fact]
    public async Task ATakenNameIsAConflictAndChangesNothing()
    {
        using var temp = new TempFolder();
        IKnowledgeBaseStore kbs = new SqliteKnowledgeBaseStore(MetadataStore.Open(Path.Combine(temp.Path, "zhiku.db")));
        KnowledgeBaseInfo first = await kbs.CreateAsync("hr", DataPolicy.Cloud);

        ZhikuException ex = await Assert.ThrowsAsync<ZhikuException>(() => kbs.CreateAsync("hr", DataPolicy.LocalOnly));

        Assert.Equal(ErrorKind.Conflict, ex.Kind);
        Assert.Equal("hr", ex.Subject);
        Assert.Equal(first, Assert.Single(await kbs.ListAsync()));
    }

    [Fact]
    public async Task DeletingRemovesItsDocumentsAndTombstonesAndLeavesOthers()
    {
        using var folder = new TempFolder();
        ZhikuStore store = ZhikuStore.Open(Path.Combine(folder.Path, "store"));
        using (KnowledgeBase kb = store.OpenKnowledgeBase("default"))
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
    public async Task TheSynchronousPathSeesTheSameKnowledgeBases()
    {
        using var temp = new TempFolder();
        MetadataStore metadata = MetadataStore.Open(Path.Combine(temp.Path, "zhiku.db"));
        IKnowledgeBaseStore kbs = new SqliteKnowledgeBaseStore(metadata);

        KnowledgeBaseInfo created = await kbs.CreateAsync("hr", DataPolicy.Cloud);

        Assert.Equal(created, metadata.FindKnowledgeBase("hr"));
        Assert.Equal(ErrorKind.Conflict, Assert.Throws<ZhikuException>(() => metadata.CreateKnowledgeBase("hr", DataPolicy.Cloud)).Kind);
        KnowledgeBaseInfo synchronous = metadata.CreateKnowledgeBase("legal", DataPolicy.LocalOnly);
        Assert.Equal(synchronous, await kbs.FindAsync("legal"));
    }

    [Fact]
    public async Task AStoreWhoseFileCannotBeOpenedIsUnavailable()
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

    [Fact]
    public async Task ACancelledCallThrowsOperationCanceledAndWritesNothing()
    {
        using var temp = new TempFolder();
        IKnowledgeBaseStore kbs = new SqliteKnowledgeBaseStore(MetadataStore.Open(Path.Combine(temp.Path, "zhiku.db")));
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
