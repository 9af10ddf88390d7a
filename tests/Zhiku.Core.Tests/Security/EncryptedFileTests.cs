using System.Text;
using Zhiku.Core.Security;

namespace Zhiku.Core.Tests.Security;

public sealed class EncryptedFileTests
{
    private static readonly EncryptionKey Key = EncryptionKey.Generate();

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(4095)]
    [InlineData(4096)]
    [InlineData(4097)]
    [InlineData(3 * 4096 + 17)]
    public void FilesRoundTripAndHoldNoPlaintext(int size)
    {
        using var temp = new TempFolder();
        string path = Path.Combine(temp.Path, "f.bin");
        byte[] data = Pattern(size);
        var files = new KeyedEncryption(Key);
        using (Stream output = files.Create(path))
        {
            output.Write(data);
        }

        using (Stream input = files.OpenRead(path))
        {
            Assert.Equal(size, input.Length);
            byte[] back = new byte[size];
            input.ReadExactly(back);
            Assert.Equal(data, back);
            Assert.Equal(0, input.Read(new byte[1]));
        }

        if (size >= 64)
        {
            Assert.Equal(-1, Find(File.ReadAllBytes(path), data.AsSpan(0, 64)));
        }
    }

    [Fact]
    public void ReadsAtAnyPositionAcrossBlocks()
    {
        using var temp = new TempFolder();
        string path = Path.Combine(temp.Path, "f.bin");
        byte[] data = Pattern(5 * 4096 + 100);
        var files = new KeyedEncryption(Key);
        using (Stream output = files.Create(path))
        {
            output.Write(data);
        }

        using Stream input = files.OpenRead(path);
        foreach (int at in new[] { 0, 4095, 4096, 8190, 20_000, data.Length - 3 })
        {
            input.Position = at;
            byte[] part = new byte[Math.Min(5000, data.Length - at)];
            input.ReadExactly(part);
            Assert.Equal(data.AsSpan(at, part.Length).ToArray(), part);
        }
    }

    [Fact]
    public void AChangedByteATruncatedTailOrAnotherKeyIsRefused()
    {
        using var temp = new TempFolder();
        string path = Path.Combine(temp.Path, "f.bin");
        var files = new KeyedEncryption(Key);
        using (Stream output = files.Create(path))
        {
            output.Write(Pattern(3 * 4096));
        }

        byte[] stored = File.ReadAllBytes(path);

        byte[] flipped = (byte[])stored.Clone();
        flipped[BlockFormat.HeaderSize + 5000] ^= 1;
        File.WriteAllBytes(path, flipped);
        Assert.Throws<InvalidDataException>(() => ReadAll(files, path));

        // Cut after the second block: every remaining block is intact, but none is marked last.
        File.WriteAllBytes(path, stored.AsSpan(0, BlockFormat.HeaderSize + 2 * BlockFormat.StoredBlockSize).ToArray());
        Assert.Throws<InvalidDataException>(() => ReadAll(files, path));

        File.WriteAllBytes(path, stored);
        var other = new KeyedEncryption(EncryptionKey.Generate());
        var wrongKey = Assert.Throws<ZhikuException>(() => ReadAll(other, path));
        Assert.Contains("ZHIKU_KEY", wrongKey.Message);
        var noKey = Assert.Throws<ZhikuException>(() => ReadAll(PlainStorage.Instance, path));
        Assert.Contains("ZHIKU_KEY", noKey.Message);
        Assert.Equal(ErrorKind.Forbidden, wrongKey.Kind);
        Assert.Equal(ErrorKind.Forbidden, noKey.Kind);
    }

    [Fact]
    public async Task SourceFilesAreDecryptedOnlyWhenThisKeySealedThem()
    {
        using var temp = new TempFolder();
        var files = new KeyedEncryption(Key);
        string sealedPath = Path.Combine(temp.Path, "upload.txt");
        using (Stream output = files.Create(sealedPath))
        {
            output.Write("上传的原文"u8);
        }

        // A user's own file that merely starts like an encrypted one is read as it is.
        string lookalike = Path.Combine(temp.Path, "own.txt");
        byte[] own = [.. "ZKB1"u8, .. Encoding.UTF8.GetBytes("not really encrypted, just a text file")];
        File.WriteAllBytes(lookalike, own);

        Assert.Equal("上传的原文", Encoding.UTF8.GetString(await files.ReadSourceAsync(sealedPath)));
        Assert.Equal(own, await files.ReadSourceAsync(lookalike));
    }

    private static void ReadAll(IAtRestEncryption files, string path)
    {
        using Stream input = files.OpenRead(path);
        input.CopyTo(Stream.Null);
    }

    internal static byte[] Pattern(int size)
    {
        var random = new Random(size);
        byte[] data = new byte[size];
        random.NextBytes(data);
        return data;
    }

    internal static int Find(ReadOnlySpan<byte> haystack, ReadOnlySpan<byte> needle) => haystack.IndexOf(needle);
}
