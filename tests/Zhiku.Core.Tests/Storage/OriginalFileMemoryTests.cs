using System.Security.Cryptography;
using Xunit.Abstractions;
using Zhiku.Core.Storage;

namespace Zhiku.Core.Tests.Storage;

/// <summary>Runs alone (its own collection, not in parallel with others), so the process's allocation counter sees only
/// this test's work.</summary>
[CollectionDefinition(nameof(OriginalFileMemoryTests), DisableParallelization = true)]
public sealed class OriginalFileMemoryCollection;

/// <summary>A 20 MB original goes in and out of both engines streamed: what the put and the read allocate together
/// stays a small fraction of the file (a store that buffered the file would allocate it at least twice over).</summary>
[Collection(nameof(OriginalFileMemoryTests))]
public sealed class OriginalFileMemoryTests(ITestOutputHelper output)
{
    private const long Size = 20L * 1024 * 1024;

    [Theory]
    [MemberData(nameof(StoreEngine.All), MemberType = typeof(StoreEngine))]
    public async Task ATwentyMegabyteOriginalRoundTripsWithBoundedMemory(string engine)
    {
        await using StoreEngine store = await StoreEngine.OpenAsync(engine);
        string key = OriginalKeys.New(1, "big.bin");
        // Warm up the connection pool and code paths, so the measurement is of the transfer.
        string warm = OriginalKeys.New(1, "warm.bin");
        await store.Originals.PutAsync(warm, new GeneratedStream(2_000_000, seed: 9), long.MaxValue);
        _ = await OriginalFileStoreTests.ReadAllAsync(store.Originals, warm);

        var upload = new GeneratedStream(Size, seed: 5);
        long before = GC.GetTotalAllocatedBytes(precise: true);
        Assert.Equal(Size, await store.Originals.PutAsync(key, upload, maxBytes: Size));
        byte[] readHash;
        long read = 0;
        await using (Stream stream = (await store.Originals.OpenReadAsync(key))!)
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            byte[] buffer = new byte[81920];
            int n;
            while ((n = await stream.ReadAsync(buffer)) > 0)
            {
                hash.AppendData(buffer, 0, n);
                read += n;
            }

            readHash = hash.GetHashAndReset();
        }

        long allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        output.WriteLine($"{engine}: {Size / 1048576} MB put and read, {allocated / 1048576.0:F2} MB allocated");
        Assert.Equal(Size, read);
        Assert.Equal(upload.Hash, readHash);
        Assert.True(allocated < Size / 4, $"{allocated} bytes allocated to move {Size} bytes in and out");
    }
}
