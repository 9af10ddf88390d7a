using System.Globalization;
using Microsoft.Data.Sqlite;
using Zhiku.Core.Access;
using Zhiku.Core.Storage;
using Zhiku.Core.Storage.Sqlite;

namespace Zhiku.Core.Tests.Storage;

/// <summary>Users, keys, sessions and the failure contract of <see cref="IUserStore"/> on every engine.</summary>
public sealed class UserStoreTests
{
    [Theory]
    [MemberData(nameof(StoreEngine.All), MemberType = typeof(StoreEngine))]
    public async Task ATakenNameIsAConflictWhateverItsCase(string engine)
    {
        await using StoreEngine store = await StoreEngine.OpenAsync(engine);
        IUserStore users = store.Users;

        UserInfo alice = await users.CreateAsync("Alice", " Admin ", ["hr", "finance"]);
        Assert.Equal((UserRole.Admin, false, false), (alice.Role, alice.Disabled, alice.HasPassword));
        Assert.Equal(alice.Id, (await users.FindAsync("alice"))?.Id);
        Assert.Equal("Alice", (await users.GetAsync(alice.Id))?.Name);

        ZhikuException taken = await Assert.ThrowsAsync<ZhikuException>(() => users.CreateAsync("ALICE", UserRole.Reader, []));
        Assert.Equal((ErrorKind.Conflict, "ALICE"), (taken.Kind, taken.Subject));
        Assert.Equal(1, await users.CountAsync());
    }

    [Theory]
    [MemberData(nameof(StoreEngine.All), MemberType = typeof(StoreEngine))]
    public async Task ABadNameOrRoleIsInvalidInputAndWritesNothing(string engine)
    {
        await using StoreEngine store = await StoreEngine.OpenAsync(engine);
        IUserStore users = store.Users;

        Assert.Equal(ErrorKind.InvalidInput, (await Assert.ThrowsAsync<ZhikuException>(() => users.CreateAsync("-dash first", UserRole.Reader, []))).Kind);
        Assert.Equal(ErrorKind.InvalidInput, (await Assert.ThrowsAsync<ZhikuException>(() => users.CreateAsync("bob", "superuser", []))).Kind);
        Assert.Equal(0, await users.CountAsync());

        UserInfo bob = await users.CreateAsync("bob", UserRole.Reader, []);
        Assert.Equal(ErrorKind.InvalidInput, (await Assert.ThrowsAsync<ZhikuException>(() => users.SetRoleAsync(bob.Id, "root"))).Kind);
        Assert.Equal(UserRole.Reader, (await users.GetAsync(bob.Id))!.Role);
    }

    [Theory]
    [MemberData(nameof(StoreEngine.All), MemberType = typeof(StoreEngine))]
    public async Task RotationRevokesEarlierKeysAndEndsSessions(string engine)
    {
        await using StoreEngine store = await StoreEngine.OpenAsync(engine);
        IUserStore users = store.Users;
        UserInfo bob = await users.CreateAsync("bob", UserRole.Editor, ["hr"]);

        string first = await users.IssueKeyAsync(bob.Id, revokeOthers: false);
        string minted = await users.IssueKeyAsync(bob.Id, revokeOthers: false, opensPersonal: false);
        Assert.Equal(2, await users.CountKeysAsync(bob.Id));
        Assert.True((await users.FindByKeyAsync(first))!.OpensPersonal);
        Assert.False((await users.FindByKeyAsync(minted))!.OpensPersonal);
        string session = await users.StartSessionAsync(bob.Id, opensPersonal: true);

        string rotated = await users.IssueKeyAsync(bob.Id, revokeOthers: true);
        Assert.Null(await users.FindByKeyAsync(first));
        Assert.Null(await users.FindByKeyAsync(minted));
        Assert.Equal(bob.Id, (await users.FindByKeyAsync(rotated))?.Id);
        Assert.Equal(1, await users.CountKeysAsync(bob.Id));
        Assert.Null(await users.FindSessionAsync(session, bob.Id));
        Assert.Null(await users.FindByKeyAsync("zk_not-a-key"));
        Assert.Null(await users.FindByKeyAsync(""));
    }

    [Theory]
    [MemberData(nameof(StoreEngine.All), MemberType = typeof(StoreEngine))]
    public async Task ADisabledUserHasNoWorkingKeyOrSession(string engine)
    {
        await using StoreEngine store = await StoreEngine.OpenAsync(engine);
        IUserStore users = store.Users;
        UserInfo dora = await users.CreateAsync("dora", UserRole.Reader, []);
        string key = await users.IssueKeyAsync(dora.Id, revokeOthers: false);
        await users.StartSessionAsync(dora.Id, opensPersonal: true);

        await users.SetDisabledAsync(dora.Id, true);
        Assert.Null(await users.FindByKeyAsync(key));
        Assert.Equal(0, await users.CountSessionsAsync(dora.Id));

        await users.SetDisabledAsync(dora.Id, false);
        Assert.Equal(dora.Id, (await users.FindByKeyAsync(key))?.Id);
    }

    [Theory]
    [MemberData(nameof(StoreEngine.All), MemberType = typeof(StoreEngine))]
    public async Task SessionsBelongToOneUserEndOnPasswordChangeAndExpire(string engine)
    {
        await using StoreEngine store = await StoreEngine.OpenAsync(engine);
        IUserStore users = store.Users;
        UserInfo erin = await users.CreateAsync("erin", UserRole.Reader, []);
        UserInfo fred = await users.CreateAsync("fred", UserRole.Reader, []);

        string session = await users.StartSessionAsync(erin.Id, opensPersonal: false);
        Assert.False((await users.FindSessionAsync(session, erin.Id))!.OpensPersonal);
        Assert.Null(await users.FindSessionAsync(session, fred.Id));

        await users.SetPasswordHashAsync(erin.Id, "hash-1", opensPersonal: false);
        Assert.Null(await users.FindSessionAsync(session, erin.Id));
        Assert.Equal("hash-1", await users.GetPasswordHashAsync(erin.Id));
        Assert.False(await users.PasswordOpensPersonalAsync(erin.Id));
        Assert.True((await users.GetAsync(erin.Id))!.HasPassword);

        string old = await users.StartSessionAsync(erin.Id, opensPersonal: true);
        await store.ExecuteAsync($"UPDATE sessions SET created_at = '{DateTimeOffset.UtcNow.Subtract(IUserStore.MaxSessionAge).AddMinutes(-1).ToString("O", CultureInfo.InvariantCulture)}';");

        Assert.Null(await users.FindSessionAsync(old, erin.Id));
        string fresh = await users.StartSessionAsync(erin.Id, opensPersonal: true);
        Assert.Equal(1, await users.CountSessionsAsync(erin.Id));
        await users.EndSessionAsync(fresh);
        await users.EndSessionAsync("never-issued");
        Assert.Equal(0, await users.CountSessionsAsync(erin.Id));
    }

    [Theory]
    [MemberData(nameof(StoreEngine.All), MemberType = typeof(StoreEngine))]
    public async Task AKeyOrSessionForAMissingUserIsNotFound(string engine)
    {
        await using StoreEngine store = await StoreEngine.OpenAsync(engine);
        IUserStore users = store.Users;

        ZhikuException key = await Assert.ThrowsAsync<ZhikuException>(() => users.IssueKeyAsync(404, revokeOthers: true));
        Assert.Equal((ErrorKind.NotFound, "404"), (key.Kind, key.Subject));
        ZhikuException added = await Assert.ThrowsAsync<ZhikuException>(() => users.IssueKeyAsync(404, revokeOthers: false));
        Assert.Equal((ErrorKind.NotFound, "404"), (added.Kind, added.Subject));
        ZhikuException session = await Assert.ThrowsAsync<ZhikuException>(() => users.StartSessionAsync(404, opensPersonal: true));
        Assert.Equal(ErrorKind.NotFound, session.Kind);

        // Changes to a user that does not exist change nothing and do not throw.
        await users.SetGroupsAsync(404, ["hr"]);
        await users.SetDisabledAsync(404, true);
        Assert.Null(await users.GetAsync(404));
    }

    [Theory]
    [MemberData(nameof(StoreEngine.All), MemberType = typeof(StoreEngine))]
    public async Task AccountEventsComeNewestFirstWithNames(string engine)
    {
        await using StoreEngine store = await StoreEngine.OpenAsync(engine);
        IUserStore users = store.Users;
        UserInfo admin = await users.CreateAsync("admin", UserRole.Admin, []);
        UserInfo gina = await users.CreateAsync("gina", UserRole.Reader, []);

        await users.RecordEventAsync(admin.Id, gina.Id, "key_issued_by_admin");
        await users.RecordEventAsync(null, gina.Id, "password_set_by_admin");
        await users.RecordEventAsync(admin.Id, admin.Id, "key_rotated");

        IReadOnlyList<AccountEvent> events = await users.ListEventsAsync(gina.Id);
        Assert.Equal(["password_set_by_admin", "key_issued_by_admin"], events.Select(e => e.Action));
        Assert.Equal([null, "admin"], events.Select(e => e.Actor));
        Assert.All(events, e => Assert.Equal("gina", e.Target));
        Assert.Single(await users.ListEventsAsync(gina.Id, limit: 0));
    }

    [Theory]
    [MemberData(nameof(StoreEngine.All), MemberType = typeof(StoreEngine))]
    public async Task UsersAreListedByNameWithTheirRolesAndGroups(string engine)
    {
        await using StoreEngine store = await StoreEngine.OpenAsync(engine);
        IUserStore users = store.Users;
        UserInfo zed = await users.CreateAsync("zed", UserRole.Reader, []);
        UserInfo amy = await users.CreateAsync("Amy", UserRole.Editor, ["hr"]);
        UserInfo bo = await users.CreateAsync("bo", UserRole.Reader, ["finance", "hr"]);

        await users.SetRoleAsync(zed.Id, " EDITOR ");
        await users.SetGroupsAsync(amy.Id, []);
        await users.SetGroupsAsync(zed.Id, ["legal"]);

        IReadOnlyList<UserInfo> listed = await users.ListAsync();
        Assert.Equal(["Amy", "bo", "zed"], listed.Select(u => u.Name));
        Assert.Equal([amy.Id, bo.Id, zed.Id], listed.Select(u => u.Id));
        Assert.Equal([UserRole.Editor, UserRole.Reader, UserRole.Editor], listed.Select(u => u.Role));
        Assert.Equal(["", "finance,hr", "legal"], listed.Select(u => string.Join(',', u.Groups)));
        Assert.Equal(amy.CreatedAt, listed[0].CreatedAt);
        Assert.Equal(3, await users.CountAsync());
    }

    [Theory]
    [MemberData(nameof(StoreEngine.All), MemberType = typeof(StoreEngine))]
    public async Task RotationsAtOnceLeaveExactlyOneValidKey(string engine)
    {
        await using StoreEngine store = await StoreEngine.OpenAsync(engine);
        IUserStore users = store.Users;
        UserInfo ivy = await users.CreateAsync("ivy", UserRole.Reader, []);
        await users.IssueKeyAsync(ivy.Id, revokeOthers: false);

        string[] keys = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => users.IssueKeyAsync(ivy.Id, revokeOthers: true))));

        Assert.Equal(1, await users.CountKeysAsync(ivy.Id));
        UserInfo?[] found = await Task.WhenAll(keys.Select(k => users.FindByKeyAsync(k)));
        Assert.Single(found, f => f is not null);
    }

    [Fact]
    public async Task AStoreWhoseFileCannotBeOpenedIsUnavailable()
    {
        using var temp = new TempFolder();
        string folder = Path.Combine(temp.Path, "store");
        Directory.CreateDirectory(folder);
        IUserStore users = new SqliteUserStore(MetadataStore.Open(Path.Combine(folder, "zhiku.db")));

        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);

        ZhikuException ex = await Assert.ThrowsAsync<ZhikuException>(() => users.FindByKeyAsync("zk_some-key"));
        Assert.Equal(ErrorKind.Unavailable, ex.Kind);
        Assert.IsType<SqliteException>(ex.InnerException);
    }

    [Theory]
    [MemberData(nameof(StoreEngine.All), MemberType = typeof(StoreEngine))]
    public async Task ACancelledCallThrowsOperationCanceledAndWritesNothing(string engine)
    {
        await using StoreEngine store = await StoreEngine.OpenAsync(engine);
        IUserStore users = store.Users;
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => users.CreateAsync("hank", UserRole.Reader, [], cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => users.FindSessionAsync("token", 1, cancelled.Token));
        Assert.Null(await users.FindAsync("hank"));
    }
}
