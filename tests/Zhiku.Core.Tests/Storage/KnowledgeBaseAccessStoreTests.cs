using Microsoft.Data.Sqlite;
using Zhiku.Core.Access;
using Zhiku.Core.Chunking;
using Zhiku.Core.Storage;
using Zhiku.Core.Storage.Sqlite;

namespace Zhiku.Core.Tests.Storage;

/// <summary>Roles, the visible listing and the failure contract of <see cref="IKnowledgeBaseAccessStore"/> on every engine.</summary>
public sealed class KnowledgeBaseAccessStoreTests
{
    private static NewDocument Document(string key, IReadOnlyList<string> groups) =>
        new(null, key, null, key, "txt", "h-" + key, 9, "制度文本。", [new TextChunk(0, 0, 5, "制度文本。", "", null)], null) { Groups = groups };

    [Theory]
    [MemberData(nameof(StoreEngine.All), MemberType = typeof(StoreEngine))]
    public async Task RolesFollowOwnershipThenTheAccessListAndTheListingAgrees(string engine)
    {
        await using StoreEngine store = await StoreEngine.OpenAsync(engine);
        IUserStore users = store.Users;
        IKnowledgeBaseAccessStore access = store.KnowledgeBaseAccess;
        UserInfo admin = await users.CreateAsync("admin", UserRole.Admin, []);
        UserInfo owner = await users.CreateAsync("olga", UserRole.Editor, []);
        UserInfo rita = await users.CreateAsync("rita", UserRole.Reader, []);
        UserInfo sam = await users.CreateAsync("sam", UserRole.Reader, []);
        KnowledgeBaseInfo shared = await store.KnowledgeBases.CreateAsync("shared", DataPolicy.Cloud);
        KnowledgeBaseInfo personal = await store.KnowledgeBases.CreateAsync($"~{owner.Id}/notes", DataPolicy.Cloud);
        KnowledgeBaseInfo cli = await store.KnowledgeBases.CreateAsync("cli", DataPolicy.Cloud);
        await access.SetOwnerAsync(shared.Id, owner.Id, personal: false);
        await access.SetOwnerAsync(personal.Id, owner.Id, personal: true);

        // Sharing is explicit: without access lines only admins and the owner see a shared knowledge base.
        Assert.Equal(KbRole.None, await access.GetRoleAsync(rita, shared.Id));
        await access.SetAccessAsync(shared.Id, null, KbRole.Reader);
        await access.SetAccessAsync(shared.Id, rita.Id, KbRole.Owner);
        Assert.Equal(KbRole.Editor, await access.GetRoleAsync(rita, shared.Id));
        Assert.Equal(KbRole.Reader, await access.GetRoleAsync(sam, shared.Id));
        Assert.Equal(KbRole.Owner, await access.GetRoleAsync(owner, shared.Id));
        Assert.Equal(KbRole.Owner, await access.GetRoleAsync(admin, cli.Id));
        Assert.Equal(KbRole.None, await access.GetRoleAsync(sam, cli.Id));
        Assert.Equal([new KbAccessEntry(IKnowledgeBaseAccessStore.Everyone, KbRole.Reader), new KbAccessEntry("rita", KbRole.Editor)],
            await access.ListAccessAsync(shared.Id));

        // A personal knowledge base is its owner's alone, admins included, and only with a credential the owner chose.
        Assert.Equal(KbRole.Owner, await access.GetRoleAsync(owner, personal.Id));
        Assert.Equal(KbRole.None, await access.GetRoleAsync(owner with { OpensPersonal = false }, personal.Id));
        Assert.Equal(KbRole.None, await access.GetRoleAsync(admin, personal.Id));
        Assert.Equal(new KbOwnership(null, false), await access.GetOwnershipAsync(cli.Id));

        await access.SetAccessAsync(shared.Id, null, KbRole.None);
        Assert.Equal(KbRole.None, await access.GetRoleAsync(sam, shared.Id));

        foreach (UserInfo user in new[] { admin, owner, rita, sam })
        {
            IReadOnlyList<KnowledgeBaseOverview> visible = await access.ListVisibleAsync(user);
            foreach (KnowledgeBaseInfo kb in new[] { shared, personal, cli })
            {
                KbRole role = await access.GetRoleAsync(user, kb.Id);
                Assert.Equal(role == KbRole.None ? null : role, visible.FirstOrDefault(o => o.Info.Id == kb.Id)?.Role);
            }
        }

        Assert.Equal("olga", (await access.ListVisibleAsync(owner)).First(o => o.Info.Id == shared.Id).OwnerName);
        Assert.Equal(["cli", "shared"], (await access.ListVisibleAsync(admin)).Select(o => o.Info.Name));
        Assert.Equal([shared, personal], (await access.ListVisibleAsync(owner)).Select(o => o.Info).OrderBy(i => i.Id));
    }

    [Theory]
    [MemberData(nameof(StoreEngine.All), MemberType = typeof(StoreEngine))]
    public async Task TheListingCountsOnlyReadableDocumentsAndCarriesOwnersAndSettings(string engine)
    {
        await using StoreEngine store = await StoreEngine.OpenAsync(engine);
        IKnowledgeBaseAccessStore access = store.KnowledgeBaseAccess;
        UserInfo admin = await store.Users.CreateAsync("admin", UserRole.Admin, []);
        UserInfo hr = await store.Users.CreateAsync("hanna", UserRole.Reader, ["hr"]);
        UserInfo plain = await store.Users.CreateAsync("paul", UserRole.Reader, []);
        KnowledgeBaseInfo policies = await store.KnowledgeBases.CreateAsync("policies", DataPolicy.LocalOnly);
        KnowledgeBaseInfo empty = await store.KnowledgeBases.CreateAsync("empty", DataPolicy.Cloud);
        await access.SetOwnerAsync(policies.Id, admin.Id, personal: false);
        await access.SetAccessAsync(policies.Id, null, KbRole.Reader);
        await access.SetAccessAsync(empty.Id, null, KbRole.Reader);
        await access.SetSettingAsync(policies.Id, "description", "制度");
        await access.SetSettingAsync(policies.Id, "provider", "local");
        await store.Documents.ReplaceBatchAsync(policies.Id, [
            ("open", [Document("open", [])]), ("hr", [Document("hr", ["hr"])]),
            ("both", [Document("both", ["finance", "hr"])]), ("finance", [Document("finance", ["finance"])])]);

        IReadOnlyList<KnowledgeBaseOverview> forAdmin = await access.ListVisibleAsync(admin);
        IReadOnlyList<KnowledgeBaseOverview> forHr = await access.ListVisibleAsync(hr);
        IReadOnlyList<KnowledgeBaseOverview> forPlain = await access.ListVisibleAsync(plain);

        Assert.Equal(["empty", "policies"], forHr.Select(o => o.Info.Name));
        Assert.Equal((4L, 3L, 1L), (forAdmin[1].ReadableDocuments, forHr[1].ReadableDocuments, forPlain[1].ReadableDocuments));
        Assert.Equal([0L, 0L], new[] { forAdmin[0], forPlain[0] }.Select(o => o.ReadableDocuments));
        Assert.Equal((KbRole.Owner, KbRole.Reader), (forAdmin[1].Role, forHr[1].Role));
        Assert.Equal((policies, "admin", new KbOwnership(admin.Id, false)), (forHr[1].Info, forHr[1].OwnerName, forHr[1].Ownership));
        Assert.Equal((null, new KbOwnership(null, false)), (forHr[0].OwnerName, forHr[0].Ownership));
        Assert.Equal(["description=制度", "provider=local"], forHr[1].Settings.Select(kv => $"{kv.Key}={kv.Value}").Order());
        Assert.Empty(forHr[0].Settings);
    }

    [Theory]
    [MemberData(nameof(StoreEngine.All), MemberType = typeof(StoreEngine))]
    public async Task ChangesToOneLineAtOnceLeaveOneOfTheirValuesAndNoError(string engine)
    {
        await using StoreEngine store = await StoreEngine.OpenAsync(engine);
        IKnowledgeBaseAccessStore access = store.KnowledgeBaseAccess;
        UserInfo rita = await store.Users.CreateAsync("rita", UserRole.Reader, []);
        KnowledgeBaseInfo kb = await store.KnowledgeBases.CreateAsync("kb", DataPolicy.Cloud);
        using var start = new ManualResetEventSlim();

        // Nodes writing one access line, setting and owner at once: each write is one upsert, never a read then a write.
        Task[] writes = Enumerable.Range(0, 12)
            .Select(i => Task.Run(async () =>
            {
                start.Wait();
                await access.SetAccessAsync(kb.Id, rita.Id, i % 2 == 0 ? KbRole.Reader : KbRole.Editor);
                await access.SetSettingAsync(kb.Id, "provider", $"p{i}");
                await access.SetOwnerAsync(kb.Id, rita.Id, personal: false);
            }))
            .ToArray();
        start.Set();
        await Task.WhenAll(writes);

        KbAccessEntry line = Assert.Single(await access.ListAccessAsync(kb.Id));
        Assert.Equal("rita", line.User);
        Assert.Contains(line.Role, new[] { KbRole.Reader, KbRole.Editor });
        Assert.Matches("^p([0-9]|1[01])$", Assert.Single(await access.GetSettingsAsync(kb.Id)).Value);
        Assert.Equal(new KbOwnership(rita.Id, false), await access.GetOwnershipAsync(kb.Id));
    }

    [Theory]
    [MemberData(nameof(StoreEngine.All), MemberType = typeof(StoreEngine))]
    public async Task AWriteRacingTheKnowledgeBasesDeletionIsDoneBeforeItOrNotFound(string engine)
    {
        await using StoreEngine store = await StoreEngine.OpenAsync(engine);
        IKnowledgeBaseAccessStore access = store.KnowledgeBaseAccess;
        KnowledgeBaseInfo kb = await store.KnowledgeBases.CreateAsync("kb", DataPolicy.Cloud);
        using var start = new ManualResetEventSlim();

        Task[] writes = Enumerable.Range(1, 10)
            .Select(i => Task.Run(() =>
            {
                start.Wait();
                return access.SetAccessAsync(kb.Id, i, KbRole.Reader);
            }))
            .ToArray();
        Task<bool> delete = Task.Run(() =>
        {
            start.Wait();
            return store.KnowledgeBases.DeleteAsync(kb.Id);
        });
        start.Set();
        await Task.WhenAll(writes.Append(delete).Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));

        Assert.True(await delete);
        Assert.All(writes.Where(w => !w.IsCompletedSuccessfully),
            w => Assert.Equal(ErrorKind.NotFound, Assert.IsType<ZhikuException>(w.Exception!.InnerException).Kind));
        // What was written before the deletion went with it: no line outlives its knowledge base.
        Assert.Equal(0, await store.CountAsync($"SELECT COUNT(*) FROM kb_access WHERE kb_id = {kb.Id}"));
    }

    [Theory]
    [MemberData(nameof(StoreEngine.All), MemberType = typeof(StoreEngine))]
    public async Task SettingsAreSetReplacedAndRemoved(string engine)
    {
        await using StoreEngine store = await StoreEngine.OpenAsync(engine);
        IKnowledgeBaseAccessStore access = store.KnowledgeBaseAccess;
        KnowledgeBaseInfo kb = await store.KnowledgeBases.CreateAsync("kb", DataPolicy.Cloud);
        KnowledgeBaseInfo other = await store.KnowledgeBases.CreateAsync("other", DataPolicy.Cloud);

        await access.SetSettingAsync(kb.Id, "provider", "local");
        await access.SetSettingAsync(kb.Id, "description", "人事制度");
        await access.SetSettingAsync(kb.Id, "provider", "cloud");
        await access.SetSettingAsync(other.Id, "provider", "local");
        Assert.Equal(["description=人事制度", "provider=cloud"], (await access.GetSettingsAsync(kb.Id)).Select(kv => $"{kv.Key}={kv.Value}").Order());

        await access.SetSettingAsync(kb.Id, "provider", null);
        Assert.Equal(["description"], (await access.GetSettingsAsync(kb.Id)).Keys);
        Assert.Equal("local", (await access.GetSettingsAsync(other.Id))["provider"]);
    }

    [Theory]
    [MemberData(nameof(StoreEngine.All), MemberType = typeof(StoreEngine))]
    public async Task TheAnsweringPathsStoredSettingsAreReadThroughTheAccessStore(string engine)
    {
        await using StoreEngine store = await StoreEngine.OpenAsync(engine);
        IKnowledgeBaseAccessStore access = store.KnowledgeBaseAccess;
        long kb = await store.CreateKnowledgeBaseAsync("kb");

        await access.SetSettingAsync(kb, "provider", "cloud");
        await access.SetSettingAsync(kb, "prompt_template", "只根据资料回答");
        var stored = await Zhiku.Core.Configuration.StoredKnowledgeBaseSettings.ReadAsync(access, kb);
        Assert.Equal(("cloud", "只根据资料回答"), (stored.Provider, stored.PromptTemplate));

        await access.SetSettingAsync(kb, "provider", null);
        Assert.Null((await Zhiku.Core.Configuration.StoredKnowledgeBaseSettings.ReadAsync(access, kb)).Provider);
        Assert.Equal(Zhiku.Core.Configuration.StoredKnowledgeBaseSettings.None, await Zhiku.Core.Configuration.StoredKnowledgeBaseSettings.ReadAsync(access, 404));
    }

    [Theory]
    [MemberData(nameof(StoreEngine.All), MemberType = typeof(StoreEngine))]
    public async Task WritingToAMissingKnowledgeBaseIsNotFound(string engine)
    {
        await using StoreEngine store = await StoreEngine.OpenAsync(engine);
        IKnowledgeBaseAccessStore access = store.KnowledgeBaseAccess;

        ZhikuException owner = await Assert.ThrowsAsync<ZhikuException>(() => access.SetOwnerAsync(404, 1, personal: false));
        Assert.Equal((ErrorKind.NotFound, "404"), (owner.Kind, owner.Subject));
        Assert.Equal(ErrorKind.NotFound, (await Assert.ThrowsAsync<ZhikuException>(() => access.SetAccessAsync(404, null, KbRole.Reader))).Kind);
        Assert.Equal(ErrorKind.NotFound, (await Assert.ThrowsAsync<ZhikuException>(() => access.SetSettingAsync(404, "provider", "x"))).Kind);

        // Reading one is not an error, nor is removing what it does not have.
        await access.SetAccessAsync(404, null, KbRole.None);
        await access.SetSettingAsync(404, "provider", null);
        Assert.Empty(await access.ListAccessAsync(404));
        Assert.Empty(await access.GetSettingsAsync(404));
    }

    [Fact]
    public async Task AnEmbeddedStoreWhoseFileCannotBeOpenedIsUnavailable()
    {
        using var temp = new TempFolder();
        string folder = Path.Combine(temp.Path, "store");
        Directory.CreateDirectory(folder);
        IKnowledgeBaseAccessStore access = new SqliteKnowledgeBaseAccessStore(MetadataStore.Open(Path.Combine(folder, "zhiku.db")));

        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);

        ZhikuException ex = await Assert.ThrowsAsync<ZhikuException>(() => access.GetOwnershipAsync(1));
        Assert.Equal(ErrorKind.Unavailable, ex.Kind);
        Assert.IsType<SqliteException>(ex.InnerException);
    }

    [Theory]
    [MemberData(nameof(StoreEngine.All), MemberType = typeof(StoreEngine))]
    public async Task ACancelledCallThrowsOperationCanceledAndWritesNothing(string engine)
    {
        await using StoreEngine store = await StoreEngine.OpenAsync(engine);
        IKnowledgeBaseAccessStore access = store.KnowledgeBaseAccess;
        KnowledgeBaseInfo kb = await store.KnowledgeBases.CreateAsync("kb", DataPolicy.Cloud);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => access.SetAccessAsync(kb.Id, null, KbRole.Reader, cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => access.SetOwnerAsync(kb.Id, 1, personal: true, cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => access.SetSettingAsync(kb.Id, "provider", "x", cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => access.GetRoleAsync(new UserInfo(1, "u", UserRole.Reader, [], false, false, DateTimeOffset.UtcNow), kb.Id, cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => access.ListVisibleAsync(new UserInfo(1, "u", UserRole.Reader, [], false, false, DateTimeOffset.UtcNow), cancelled.Token));
        Assert.Empty(await access.ListAccessAsync(kb.Id));
        Assert.Empty(await access.GetSettingsAsync(kb.Id));
        Assert.Equal(new KbOwnership(null, false), await access.GetOwnershipAsync(kb.Id));
    }
}
