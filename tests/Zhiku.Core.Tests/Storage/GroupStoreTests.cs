using Microsoft.Data.Sqlite;
using Zhiku.Core.Access;
using Zhiku.Core.Chunking;
using Zhiku.Core.Storage;
using Zhiku.Core.Storage.Sqlite;

namespace Zhiku.Core.Tests.Storage;

/// <summary>Reads, changes and the failure contract of <see cref="IGroupStore"/>, on every engine.</summary>
public sealed class GroupStoreTests
{
    private static NewDocument Document(string key, string title, string text, IReadOnlyList<string> groups) =>
        new(key, key, null, title, "md", "h-" + key, text.Length, text, [new TextChunk(0, 0, text.Length, text, title, null)], null) { Groups = groups };

    [Theory]
    [MemberData(nameof(StoreEngine.All), MemberType = typeof(StoreEngine))]
    public async Task GroupsDecideWhoReadsAndChangeOnlyInTheirKnowledgeBase(string engine)
    {
        await using StoreEngine store = await StoreEngine.OpenAsync(engine);
        long kb = await store.CreateKnowledgeBaseAsync("default");
        long other = await store.CreateKnowledgeBaseAsync("other");
        long open = (await store.Documents.ReplaceAsync(kb, "/d/open.md", [Document("/d/open.md", "手册", "正式员工每年十天年假。", [])])).Added[0];
        long secret = (await store.Documents.ReplaceAsync(kb, "/d/secret.md", [Document("/d/secret.md", "机密", "高管年假二十天。", ["hr"])])).Added[0];
        long elsewhere = (await store.Documents.ReplaceAsync(other, "/d/x.md", [Document("/d/x.md", "别处", "别处。", ["finance", "hr"])])).Added[0];
        IGroupStore groups = store.Groups;

        Assert.Equal([secret], await groups.GetUnreadableDocumentsAsync(kb, ReadAccess.ForGroups(["finance"])));
        Assert.Empty(await groups.GetUnreadableDocumentsAsync(kb, ReadAccess.ForGroups(["HR"])));
        Assert.Empty(await groups.GetUnreadableDocumentsAsync(kb, ReadAccess.All));
        Assert.Empty(await groups.GetUnreadableDocumentsAsync(404, ReadAccess.ForGroups([])));
        IReadOnlyDictionary<long, IReadOnlyList<string>> found = await groups.GetDocumentGroupsAsync([open, secret, elsewhere, secret, 404]);
        Assert.Equal([open, secret, elsewhere], found.Keys.Order());
        Assert.Empty(found[open]);
        Assert.Equal(["hr"], found[secret]);
        Assert.Equal(["finance", "hr"], found[elsewhere]);
        Assert.Empty(await groups.GetDocumentGroupsAsync([]));

        Assert.False(await groups.SetDocumentGroupsAsync(other, secret, []));
        Assert.Equal(["hr"], (await groups.GetDocumentGroupsAsync([secret]))[secret]);
        Assert.True(await groups.SetDocumentGroupsAsync(kb, open, ["finance"]));
        Assert.Equal([open, secret], (await groups.GetUnreadableDocumentsAsync(kb, ReadAccess.ForGroups([]))).Order());
        Assert.Equal(["finance"], (await store.Documents.GetAsync(kb, open))!.Groups);
        Assert.True(await groups.SetDocumentGroupsAsync(kb, secret, []));
        Assert.Equal([open], await groups.GetUnreadableDocumentsAsync(kb, ReadAccess.ForGroups(["hr"])));
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

    [Theory]
    [MemberData(nameof(StoreEngine.All), MemberType = typeof(StoreEngine))]
    public async Task ACancelledCallThrowsOperationCanceledAndChangesNothing(string engine)
    {
        await using StoreEngine store = await StoreEngine.OpenAsync(engine);
        long kb = await store.CreateKnowledgeBaseAsync("kb");
        long doc = (await store.Documents.ReplaceAsync(kb, "/d/a.md", [Document("/d/a.md", "甲", "甲。", [])])).Added[0];
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.Groups.SetDocumentGroupsAsync(kb, doc, ["hr"], cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.Groups.GetDocumentGroupsAsync([doc], cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.Groups.GetUnreadableDocumentsAsync(kb, ReadAccess.ForGroups([]), cancelled.Token));
        Assert.Empty((await store.Groups.GetDocumentGroupsAsync([doc]))[doc]);
    }
}
