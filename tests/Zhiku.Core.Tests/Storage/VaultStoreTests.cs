using Zhiku.Core.Privacy;
using Zhiku.Core.Security;
using Zhiku.Core.Storage;

namespace Zhiku.Core.Tests.Storage;

/// <summary>The vault contract on both engines: blobs kept as given, versions that refuse a stale save, and the
/// pseudonym vault merging two nodes' placeholders instead of losing one.</summary>
public sealed class VaultStoreTests
{
    [Theory]
    [MemberData(nameof(StoreEngine.All), MemberType = typeof(StoreEngine))]
    public async Task SavesLoadsAndDeletesBlobsByVersion(string engine)
    {
        await using StoreEngine store = await StoreEngine.OpenAsync(engine);
        Assert.Null(await store.Vault.LoadAsync("conv-1"));

        long? first = await store.Vault.SaveAsync("conv-1", [1, 2, 3], VaultBlob.None);
        Assert.NotNull(first);
        Assert.NotEqual(VaultBlob.None, first.Value);
        VaultBlob? loaded = await store.Vault.LoadAsync("conv-1");
        Assert.Equal([1, 2, 3], loaded!.Blob);
        Assert.Equal(first, loaded.Version);

        // A second "first save" and a save naming an old version both lose, and change nothing.
        Assert.Null(await store.Vault.SaveAsync("conv-1", [9], VaultBlob.None));
        long? second = await store.Vault.SaveAsync("conv-1", [4, 5], first.Value);
        Assert.NotNull(second);
        Assert.NotEqual(first, second);
        Assert.Null(await store.Vault.SaveAsync("conv-1", [6], first.Value));
        Assert.Equal([4, 5], (await store.Vault.LoadAsync("conv-1"))!.Blob);
        Assert.Null(await store.Vault.LoadAsync("conv-2"));

        Assert.True(await store.Vault.DeleteAsync("conv-1"));
        Assert.False(await store.Vault.DeleteAsync("conv-1"));
        Assert.Null(await store.Vault.LoadAsync("conv-1"));
        // A save from a version that was deleted meanwhile loses too.
        Assert.Null(await store.Vault.SaveAsync("conv-1", [7], second.Value));
    }

    [Theory]
    [MemberData(nameof(StoreEngine.All), MemberType = typeof(StoreEngine))]
    public async Task ConcurrentSavesFromOneVersionLetExactlyOneWin(string engine)
    {
        await using StoreEngine store = await StoreEngine.OpenAsync(engine);
        long version = (await store.Vault.SaveAsync("busy", [0], VaultBlob.None))!.Value;
        long?[] results = await Task.WhenAll(Enumerable.Range(1, 8).Select(i => Task.Run(() => store.Vault.SaveAsync("busy", [(byte)i], version))));
        Assert.Single(results, r => r is not null);
        byte winner = (byte)(Array.FindIndex(results, r => r is not null) + 1);
        Assert.Equal([winner], (await store.Vault.LoadAsync("busy"))!.Blob);
    }

    [Theory]
    [MemberData(nameof(StoreEngine.All), MemberType = typeof(StoreEngine))]
    public async Task TwoNodesSavingOneConversationKeepBothPeople(string engine)
    {
        await using StoreEngine store = await StoreEngine.OpenAsync(engine);
        var key = EncryptionKey.Generate();
        var nodeA = new PseudonymVault(store.Vault, new TextCipher(key));
        var nodeB = new PseudonymVault(store.Vault, new TextCipher(key));
        var start = new PseudonymSession("conv-9");
        start.GetOrAdd(PiiTypes.Person, "王小明", chineseContext: true);
        await nodeA.SaveAsync(start);

        // Both nodes continue from the same stored version and each meets a new person.
        PseudonymSession onA = (await nodeA.LoadAsync("conv-9"))!;
        PseudonymSession onB = (await nodeB.LoadAsync("conv-9"))!;
        Assert.Equal("[姓名_2]", onA.GetOrAdd(PiiTypes.Person, "李娜", chineseContext: true));
        Assert.Equal("[姓名_2]", onB.GetOrAdd(PiiTypes.Person, "张伟", chineseContext: true));
        string mobile = onB.GetOrAdd(PiiTypes.ChineseMobile, "13812345678", chineseContext: true);
        Assert.Same(onA, await nodeA.SaveAsync(onA));
        PseudonymSession merged = await nodeB.SaveAsync(onB);
        Assert.NotSame(onB, merged);

        PseudonymSession stored = (await nodeA.LoadAsync("conv-9"))!;
        Assert.Equal(["王小明", "李娜", "张伟", "13812345678"], stored.Entries.Select(e => e.Value));
        Assert.True(stored.TryResolve("[姓名_2]", out PseudonymEntry kept));
        Assert.Equal("李娜", kept.Value);
        Assert.True(stored.TryResolve("[姓名_3]", out PseudonymEntry renumbered));
        Assert.Equal("张伟", renumbered.Value);
        Assert.True(stored.TryResolve(mobile, out PseudonymEntry phone));
        Assert.Equal("13812345678", phone.Value);
        Assert.Equal("[姓名_4]", stored.GetOrAdd(PiiTypes.Person, "赵六", chineseContext: true));

        // The merge carries the version it wrote: the next save from it goes through without another merge.
        Assert.Equal("[姓名_4]", merged.GetOrAdd(PiiTypes.Person, "赵六", chineseContext: true));
        Assert.Same(merged, await nodeB.SaveAsync(merged));
    }

    [Theory]
    [MemberData(nameof(StoreEngine.All), MemberType = typeof(StoreEngine))]
    public async Task TheStoredBlobIsTheVaultsCiphertext(string engine)
    {
        await using StoreEngine store = await StoreEngine.OpenAsync(engine);
        var session = new PseudonymSession("conv-secret");
        session.GetOrAdd(PiiTypes.Person, "王小明", chineseContext: true);
        await new PseudonymVault(store.Vault, new TextCipher(EncryptionKey.Generate())).SaveAsync(session);

        byte[] blob = (await store.Vault.LoadAsync("conv-secret"))!.Blob;
        Assert.True(TextCipher.IsEncrypted(blob));
        Assert.DoesNotContain("王小明", System.Text.Encoding.UTF8.GetString(blob), StringComparison.Ordinal);
        ZhikuException ex = await Assert.ThrowsAsync<ZhikuException>(() => new PseudonymVault(store.Vault, new TextCipher(EncryptionKey.Generate())).LoadAsync("conv-secret"));
        Assert.Equal(ErrorKind.Forbidden, ex.Kind);
    }

    [Fact]
    public async Task AVaultFileWrittenBeforeTheStoreInterfaceStillLoads()
    {
        // The file format is unchanged: a vault folder of today's files (one encrypted blob per hashed session id).
        using var temp = new TempFolder();
        var key = EncryptionKey.Generate();
        var session = new PseudonymSession("conv-old");
        session.GetOrAdd(PiiTypes.Email, "a@b.cn", chineseContext: false);
        byte[] json = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(
            new { id = "conv-old", language = 0, entries = new[] { new { placeholder = "[EMAIL_1]", type = PiiTypes.Email, value = "a@b.cn" } } });
        byte[] blob = new TextCipher(key).Encrypt(json, System.Text.Encoding.UTF8.GetBytes("zhiku-vault:conv-old"));
        string name = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("conv-old"u8).AsSpan(0, 16));
        Directory.CreateDirectory(Path.Combine(temp.Path, "vault"));
        await File.WriteAllBytesAsync(Path.Combine(temp.Path, "vault", name + ".vault"), blob);

        var vault = new PseudonymVault(Path.Combine(temp.Path, "vault"), new TextCipher(key));
        PseudonymSession loaded = (await vault.LoadAsync("conv-old"))!;
        Assert.True(loaded.TryResolve("[EMAIL_1]", out PseudonymEntry entry));
        Assert.Equal("a@b.cn", entry.Value);
        loaded.GetOrAdd(PiiTypes.Email, "c@d.cn", chineseContext: false);
        Assert.Same(loaded, await vault.SaveAsync(loaded));
        Assert.Equal(2, (await vault.LoadAsync("conv-old"))!.Entries.Count);
    }
}
