using Microsoft.Data.Sqlite;
using Zhiku.Core.Storage;
using Zhiku.Core.Storage.Sqlite;

namespace Zhiku.Core.Tests.Storage;

/// <summary>The counting and failure contract of <see cref="IQuarantineStore"/> over SQLite.</summary>
public sealed class SqliteQuarantineStoreTests
{
    [Fact]
    public async Task TheSecondKillQuarantinesAndClearingForgets()
    {
        using var temp = new TempFolder();
        MetadataStore metadata = MetadataStore.Open(Path.Combine(temp.Path, "zhiku.db"));
        KnowledgeBaseInfo kb = metadata.CreateKnowledgeBase("kb", "cloud");
        IQuarantineStore quarantine = new SqliteQuarantineStore(metadata);

        Assert.Null(await quarantine.FindAsync(kb.Id, "abc"));
        QuarantinedFile first = await quarantine.RecordKillAsync(kb.Id, "abc", "a.pdf", "crashed");
        Assert.Equal((1, false), (first.Kills, first.Quarantined));
        Assert.Empty(await quarantine.ListAsync(kb.Id));

        QuarantinedFile second = await quarantine.RecordKillAsync(kb.Id, "abc", "copy.pdf", "out of memory");
        Assert.Equal((2, true, "copy.pdf", "out of memory"), (second.Kills, second.Quarantined, second.Name, second.Reason));
        Assert.Equal(["abc"], (await quarantine.ListAsync(kb.Id)).Select(q => q.ContentHash));

        await quarantine.ClearAsync(kb.Id, "abc");
        await quarantine.ClearAsync(kb.Id, "never-seen");
        Assert.Null(await quarantine.FindAsync(kb.Id, "abc"));
    }

    [Fact]
    public async Task AKillInAMissingKnowledgeBaseIsNotFound()
    {
        using var temp = new TempFolder();
        MetadataStore metadata = MetadataStore.Open(Path.Combine(temp.Path, "zhiku.db"));
        IQuarantineStore quarantine = new SqliteQuarantineStore(metadata);

        ZhikuException ex = await Assert.ThrowsAsync<ZhikuException>(() => quarantine.RecordKillAsync(404, "abc", "a.pdf", "crashed"));
        Assert.Equal(ErrorKind.NotFound, ex.Kind);
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

    [Fact]
    public async Task ACancelledCallThrowsOperationCanceled()
    {
        using var temp = new TempFolder();
        MetadataStore metadata = MetadataStore.Open(Path.Combine(temp.Path, "zhiku.db"));
        IQuarantineStore quarantine = new SqliteQuarantineStore(metadata);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => quarantine.FindAsync(1, "abc", cancelled.Token));
    }
}
