using Microsoft.Data.Sqlite;
using Zhiku.Core.Storage;
using Zhiku.Core.Storage.Sqlite;

namespace Zhiku.Core.Tests.Storage;

/// <summary>The counting and failure contract of <see cref="IQuarantineStore"/> on every engine.</summary>
public sealed class QuarantineStoreTests
{
    [Theory]
    [MemberData(nameof(StoreEngine.All), MemberType = typeof(StoreEngine))]
    public async Task TheSecondKillQuarantinesAndClearingForgets(string engine)
    {
        await using StoreEngine store = await StoreEngine.OpenAsync(engine);
        long kb = await store.CreateKnowledgeBaseAsync("kb");
        IQuarantineStore quarantine = store.Quarantine;

        Assert.Null(await quarantine.FindAsync(kb, "abc"));
        QuarantinedFile first = await quarantine.RecordKillAsync(kb, "abc", "a.pdf", "crashed");
        Assert.Equal((1, false), (first.Kills, first.Quarantined));
        Assert.Empty(await quarantine.ListAsync(kb));

        QuarantinedFile second = await quarantine.RecordKillAsync(kb, "abc", "copy.pdf", "out of memory");
        Assert.Equal((2, true, "copy.pdf", "out of memory"), (second.Kills, second.Quarantined, second.Name, second.Reason));
        Assert.Equal(second, await quarantine.FindAsync(kb, "abc"));
        Assert.Equal(["abc"], (await quarantine.ListAsync(kb)).Select(q => q.ContentHash));

        await quarantine.ClearAsync(kb, "abc");
        await quarantine.ClearAsync(kb, "never-seen");
        Assert.Null(await quarantine.FindAsync(kb, "abc"));
    }

    [Theory]
    [MemberData(nameof(StoreEngine.All), MemberType = typeof(StoreEngine))]
    public async Task KillsCountedAtOnceAreAllCounted(string engine)
    {
        await using StoreEngine store = await StoreEngine.OpenAsync(engine);
        long kb = await store.CreateKnowledgeBaseAsync("kb");

        await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() => store.Quarantine.RecordKillAsync(kb, "abc", $"{i}.pdf", "crashed"))));

        Assert.Equal(8, (await store.Quarantine.FindAsync(kb, "abc"))!.Kills);
    }

    [Theory]
    [MemberData(nameof(StoreEngine.All), MemberType = typeof(StoreEngine))]
    public async Task AKillInAMissingKnowledgeBaseIsNotFound(string engine)
    {
        await using StoreEngine store = await StoreEngine.OpenAsync(engine);

        ZhikuException ex = await Assert.ThrowsAsync<ZhikuException>(() => store.Quarantine.RecordKillAsync(404, "abc", "a.pdf", "crashed"));
        Assert.Equal(ErrorKind.NotFound, ex.Kind);
    }

    [Theory]
    [MemberData(nameof(StoreEngine.All), MemberType = typeof(StoreEngine))]
    public async Task ACancelledCallThrowsOperationCanceled(string engine)
    {
        await using StoreEngine store = await StoreEngine.OpenAsync(engine);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.Quarantine.FindAsync(1, "abc", cancelled.Token));
    }

    [Fact]
    public async Task AStoreWhoseFileCannotBeOpenedIsUnavailable()
    {
        using var temp = new TempFolder();
        string folder = Path.Combine(temp.Path, "store");
        Directory.CreateDirectory(folder);
        MetadataStore metadata = MetadataStore.Open(Path.Combine(folder, "zhiku.db"));
        IQuarantineStore quarantine = new SqliteQuarantineStore(metadata);

        // The folder is gone (an unmounted disk, a deleted store): SQLite cannot open the file, whatever the caller's rights.
        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);

        ZhikuException ex = await Assert.ThrowsAsync<ZhikuException>(() => quarantine.ListAsync(1));
        Assert.Equal(ErrorKind.Unavailable, ex.Kind);
        Assert.IsType<SqliteException>(ex.InnerException);
    }
}
