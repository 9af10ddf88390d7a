using Microsoft.Data.Sqlite;
using Zhiku.Core.Access;
using Zhiku.Core.Storage;
using Zhiku.Core.Storage.Sqlite;

namespace Zhiku.Core.Tests.Storage;

/// <summary>Roles, the visible listing and the failure contract of <see cref="IKnowledgeBaseAccessStore"/> over SQLite.</summary>
public sealed class SqliteKnowledgeBaseAccessStoreTests
{
    [Fact]
    public async Task RolesFollowOwnershipThenTheAccessListAndTheListingAgrees()
    {
        using var temp = new TempFolder();
        MetadataStore metadata = MetadataStore.Open(Path.Combine(temp.Path, "zhiku.db"));
        IUserStore users = new SqliteUserStore(metadata);
        IKnowledgeBaseAccessStore access = new SqliteKnowledgeBaseAccessStore(metadata);
        UserInfo admin = await users.CreateAsync("admin", UserRole.Admin, []);
        UserInfo owner = await users.CreateAsync("olga", UserRole.Editor, []);
        UserInfo rita = await users.CreateAsync("rita", UserRole.Reader, []);
        UserInfo sam = await users.CreateAsync("sam", UserRole.Reader, []);
        KnowledgeBaseInfo shared = metadata.CreateKnowledgeBase("shared", DataPolicy.Cloud);
        KnowledgeBaseInfo personal = metadata.CreateKnowledgeBase("~2/notes", DataPolicy.Cloud);
        KnowledgeBaseInfo cli = metadata.CreateKnowledgeBase("cli", DataPolicy.Cloud);
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
    }

    [Fact]
    public async Task SettingsAreSetReplacedAndRemoved()
    {
        using var temp = new TempFolder();
        MetadataStore metadata = MetadataStore.Open(Path.Combine(temp.Path, "zhiku.db"));
        IKnowledgeBaseAccessStore access = new SqliteKnowledgeBaseAccessStore(metadata);
        KnowledgeBaseInfo kb = metadata.CreateKnowledgeBase("kb", DataPolicy.Cloud);

        await access.SetSettingAsync(kb.Id, "provider", "local");
        await access.SetSettingAsync(kb.Id, "description", "人事制度");
        await access.SetSettingAsync(kb.Id, "provider", "cloud");
        Assert.Equal(["description=人事制度", "provider=cloud"], (await access.GetSettingsAsync(kb.Id)).Select(kv => $"{kv.Key}={kv.Value}").Order());
        Assert.Equal("cloud", Zhiku.Core.Configuration.StoredKnowledgeBaseSettings.Read(metadata, kb.Id).Provider);

        await access.SetSettingAsync(kb.Id, "provider", null);
        Assert.Equal(["description"], (await access.GetSettingsAsync(kb.Id)).Keys);
        Assert.Null(Zhiku.Core.Configuration.StoredKnowledgeBaseSettings.Read(metadata, kb.Id).Provider);
    }

    [Fact]
    public async Task WritingToAMissingKnowledgeBaseIsNotFound()
    {
        using var temp = new TempFolder();
        IKnowledgeBaseAccessStore access = new SqliteKnowledgeBaseAccessStore(MetadataStore.Open(Path.Combine(temp.Path, "zhiku.db")));

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
    public async Task AStoreWhoseFileCannotBeOpenedIsUnavailable()
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

    [Fact]
    public async Task ACancelledCallThrowsOperationCanceledAndWritesNothing()
    {
        using var temp = new TempFolder();
        MetadataStore metadata = MetadataStore.Open(Path.Combine(temp.Path, "zhiku.db"));
        IKnowledgeBaseAccessStore access = new SqliteKnowledgeBaseAccessStore(metadata);
        KnowledgeBaseInfo kb = metadata.CreateKnowledgeBase("kb", DataPolicy.Cloud);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => access.SetAccessAsync(kb.Id, null, KbRole.Reader, cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => access.ListVisibleAsync(new UserInfo(1, "u", UserRole.Reader, [], false, false, DateTimeOffset.UtcNow), cancelled.Token));
        Assert.Empty(await access.ListAccessAsync(kb.Id));
    }
}
