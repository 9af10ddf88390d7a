using System.Security.Cryptography;
using Zhiku.Core.Security;
using Zhiku.Core.Storage;

namespace Zhiku.Core.Tests.Storage;

/// <summary>The original file contract on both engines: streamed, size-limited, atomic puts; seekable streamed reads;
/// moves, deletes and a knowledge base's folder removed at once.</summary>
public sealed class OriginalFileStoreTests
{
    public static TheoryData<string, bool> EnginesWithAndWithoutKey => new()
    {
        { StoreEngine.Sqlite, false }, { StoreEngine.Sqlite, true }, { StoreEngine.Postgres, false }, { StoreEngine.Postgres, true },
    };

    [Theory]
    [MemberData(nameof(EnginesWithAndWithoutKey))]
    public async Task PutReadMoveAndDelete(string engine, bool withKey)
    {
        await using StoreEngine store = await StoreEngine.OpenAsync(engine, withKey ? EncryptionKey.Generate() : null);
        IOriginalFileStore originals = store.Originals;
        byte[] content = RandomNumberGenerator.GetBytes(2_500_000);
        string staged = OriginalKeys.Staging(".pdf");
        Assert.False(await originals.ExistsAsync(staged));
        Assert.Null(await originals.OpenReadAsync(staged));

        Assert.Equal(content.Length, await originals.PutAsync(staged, new MemoryStream(content), maxBytes: content.Length));
        Assert.True(await originals.ExistsAsync(staged));
        Assert.Equal(content, await ReadAllAsync(originals, staged));

        // Seekable: a range in the middle of the second chunk reads what was put there.
        await using (Stream stream = (await originals.OpenReadAsync(staged))!)
        {
            Assert.True(stream.CanSeek);
            Assert.Equal(content.Length, stream.Length);
            stream.Seek(1_300_007, SeekOrigin.Begin);
            byte[] range = new byte[5000];
            await stream.ReadExactlyAsync(range);
            Assert.Equal(content.AsSpan(1_300_007, 5000).ToArray(), range);
            stream.Position = content.Length - 3;
            Assert.Equal(3, stream.Read(range, 0, 100));
            Assert.Equal(0, stream.Read(range, 0, 100));
        }

        string target = OriginalKeys.New(7, "report.pdf");
        Assert.Equal(OriginalKeys.SourcePathOf(originals, target), originals.SourceRoot + target);
        Assert.Equal(target, OriginalKeys.KeyOf(originals, OriginalKeys.SourcePathOf(originals, target)));
        Assert.Null(OriginalKeys.KeyOf(originals, "/home/someone/report.pdf"));
        Assert.True(await originals.MoveAsync(staged, target));
        Assert.False(await originals.ExistsAsync(staged));
        Assert.False(await originals.MoveAsync(staged, target));
        Assert.Equal(content, await ReadAllAsync(originals, target));

        // A move onto an existing original replaces it.
        string again = OriginalKeys.Staging(".pdf");
        await originals.PutAsync(again, new MemoryStream("new"u8.ToArray()), 100);
        Assert.True(await originals.MoveAsync(again, target));
        Assert.Equal("new"u8.ToArray(), await ReadAllAsync(originals, target));

        Assert.True(await originals.DeleteAsync(target));
        Assert.False(await originals.DeleteAsync(target));
        Assert.Null(await originals.OpenReadAsync(target));
        Assert.Equal(0, await store.OriginalsFootprintAsync());
    }

    [Theory]
    [MemberData(nameof(StoreEngine.All), MemberType = typeof(StoreEngine))]
    public async Task APutOverTheLimitOrBrokenOffLeavesNothingAndKeepsThePrevious(string engine)
    {
        await using StoreEngine store = await StoreEngine.OpenAsync(engine);
        IOriginalFileStore originals = store.Originals;
        string key = OriginalKeys.New(1, "a.txt");

        Assert.Null(await originals.PutAsync(key, new MemoryStream(new byte[3_000_000]), maxBytes: 2_999_999));
        Assert.False(await originals.ExistsAsync(key));
        Assert.Equal(0, await store.OriginalsFootprintAsync());

        await Assert.ThrowsAsync<IOException>(() => originals.PutAsync(key, new GeneratedStream(5_000_000, seed: 1) { FailAt = 2_500_000 }, long.MaxValue));
        Assert.Equal(0, await store.OriginalsFootprintAsync());

        await originals.PutAsync(key, new MemoryStream("first"u8.ToArray()), 100);
        long kept = await store.OriginalsFootprintAsync();
        Assert.Null(await originals.PutAsync(key, new MemoryStream(new byte[200]), maxBytes: 100));
        await Assert.ThrowsAsync<IOException>(() => originals.PutAsync(key, new GeneratedStream(3_000_000, seed: 2) { FailAt = 1_500_000 }, long.MaxValue));
        Assert.Equal("first"u8.ToArray(), await ReadAllAsync(originals, key));
        Assert.Equal(kept, await store.OriginalsFootprintAsync());
    }

    [Theory]
    [MemberData(nameof(StoreEngine.All), MemberType = typeof(StoreEngine))]
    public async Task ACancelledUploadLeavesNothing(string engine)
    {
        await using StoreEngine store = await StoreEngine.OpenAsync(engine);
        using var cancel = new CancellationTokenSource();
        // The client goes away after 3 MB of a 10 MB upload.
        var upload = new GeneratedStream(10_000_000, seed: 3) { OnPosition = (3_000_000, cancel.Cancel) };
        string key = OriginalKeys.Staging(".docx");

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.Originals.PutAsync(key, upload, long.MaxValue, cancel.Token));
        Assert.True(upload.Position >= 3_000_000);
        Assert.False(await store.Originals.ExistsAsync(key));
        Assert.Equal(0, await store.OriginalsFootprintAsync());
    }

    [Theory]
    [MemberData(nameof(StoreEngine.All), MemberType = typeof(StoreEngine))]
    public async Task DeletingAFolderRemovesOnlyItsOriginals(string engine)
    {
        await using StoreEngine store = await StoreEngine.OpenAsync(engine);
        IOriginalFileStore originals = store.Originals;
        string[] ofKb1 = [OriginalKeys.New(1, "a.md"), OriginalKeys.New(1, "b_%.md")];
        string ofKb12 = OriginalKeys.New(12, "c.md");
        foreach (string key in ofKb1.Append(ofKb12))
        {
            await originals.PutAsync(key, new MemoryStream("x"u8.ToArray()), 10);
        }

        Assert.Equal(2, await originals.DeleteFolderAsync(OriginalKeys.Folder(1)));
        Assert.All(ofKb1, key => Assert.False(originals.ExistsAsync(key).Result));
        Assert.True(await originals.ExistsAsync(ofKb12));
        Assert.Equal(0, await originals.DeleteFolderAsync(OriginalKeys.Folder(1)));
    }

    [Theory]
    [InlineData("../etc/passwd")]
    [InlineData("/etc/passwd")]
    [InlineData("files//a")]
    [InlineData("files/./a")]
    [InlineData("files\\a")]
    public async Task KeysThatCouldLeaveTheStoreAreRefused(string key)
    {
        await using StoreEngine store = await StoreEngine.OpenAsync(StoreEngine.Sqlite);
        Assert.False(OriginalKeys.IsValid(key));
        await Assert.ThrowsAsync<ArgumentException>(() => store.Originals.PutAsync(key, new MemoryStream([1]), 10));
        await Assert.ThrowsAsync<ArgumentException>(() => store.Originals.OpenReadAsync(key));
    }

    internal static async Task<byte[]> ReadAllAsync(IOriginalFileStore originals, string key)
    {
        await using Stream stream = (await originals.OpenReadAsync(key))!;
        var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }
}
