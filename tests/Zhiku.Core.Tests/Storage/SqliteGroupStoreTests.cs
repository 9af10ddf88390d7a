using Microsoft.Data.Sqlite;
using Zhiku.Core.Access;
using Zhiku.Core.Ingestion;
using Zhiku.Core.Storage;
using Zhiku.Core.Storage.Sqlite;

namespace Zhiku.Core.Tests.Storage;

/// <summary>Reads, changes and the failure contract of <see cref="IGroupStore"/> over SQLite.</summary>
public sealed class SqliteGroupStoreTests
{
    [Fact]
    public async Task GroupsDecideWhoReadsAndChangeOnlyInTheirKnowledgeBase()
    {
        using var folder = new TempFolder();
        ZhikuStore store = ZhikuStore.Open(Path.Combine(folder.Path, "store"));
        using KnowledgeBase kb = store.OpenKnowledgeBase("default");
        await new Ingestor(kb).IngestAsync([folder.File("open.md", "# 手册\n\n正式员工每年十天年假。")]);
        await new Ingestor(kb, new IngestOptions { Groups = ["hr"] }).IngestAsync([folder.File("secret.md", "# 机密\n\n高管年假二十天。")]);
        long open = (await store.Documents.ListAsync(kb.Info.Id)).Single(d => d.Title == "手册").Id;
        long secret = (await store.Documents.ListAsync(kb.Info.Id)).Single(d => d.Title == "机密").Id;
        IGroupStore groups = new SqliteGroupStore(store.Metadata);

        Assert.Equal([secret], await groups.GetUnreadableDocumentsAsync(kb.Info.Id, ReadAccess.ForGroups(["finance"])));
        Assert.Empty(await groups.GetUnreadableDocumentsAsync(kb.Info.Id, ReadAccess.ForGroups(["HR"])));
        Assert.Empty(await groups.GetUnreadableDocumentsAsync(kb.Info.Id, ReadAccess.All));
        IReadOnlyDictionary<long, IReadOnlyList<string>> found = await groups.GetDocumentGroupsAsync([open, secret, 404]);
        Assert.Equal([open, secret], found.Keys.Order());
        Assert.Empty(found[open]);
        Assert.Equal(["hr"], found[secret]);

        KnowledgeBaseInfo other = store.Metadata.CreateKnowledgeBase("other", DataPolicy.Cloud);
        Assert.False(await groups.SetDocumentGroupsAsync(other.Id, secret, []));
        Assert.Equal(["hr"], (await groups.GetDocumentGroupsAsync([secret]))[secret]);
        Assert.True(await groups.SetDocumentGroupsAsync(kb.Info.Id, open, ["finance"]));
        Assert.Equal([open, secret], (await groups.GetUnreadableDocumentsAsync(kb.Info.Id, ReadAccess.ForGroups([]))).Order());
    }

    [Fact]
    public async Task AStoreWhoseFileCannotBeOpenedIsUnavailable()
    {
        using var temp = new TempFolder();
        string folder = Path.Combine(temp.Path, "store");
        Directory.CreateDirectory(folder);
        IGroupStore groups = new SqliteGroupStore(MetadataStore.Open(Path.Combine(folder, "zhiku.db")));

        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);

        ZhikuException ex = await Assert.ThrowsAsync<ZhikuException>(() => groups.GetUnreadableDocumentsAsync(1, ReadAccess.ForGroups(["hr"])));
        Assert.Equal(ErrorKind.Unavailable, ex.Kind);
        Assert.IsType<SqliteException>(ex.InnerException);
    }

    [Fact]
    public async Task ACancelledCallThrowsOperationCanceled()
    {
        using var temp = new TempFolder();
        IGroupStore groups = new SqliteGroupStore(MetadataStore.Open(Path.Combine(temp.Path, "zhiku.db")));
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => groups.SetDocumentGroupsAsync(1, 1, ["hr"], cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => groups.GetDocumentGroupsAsync([1], cancelled.Token));
    }
}
