using System.Security.Cryptography;
using Zhiku.Core.Privacy;
using Zhiku.Core.Security;

namespace Zhiku.Core.Tests.Privacy;

public sealed class VaultTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "zhiku-vault-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    [Fact]
    public async Task SavesEncryptedAndLoadsWithTheSameKey()
    {
        EncryptionKey key = EncryptionKey.Generate();
        var session = new PseudonymSession("conv-42");
        string placeholder = session.GetOrAdd(PiiTypes.Person, "王小明", chineseContext: true);
        var vault = new PseudonymVault(_dir, new TextCipher(key));
        await vault.SaveAsync(session);

        byte[] raw = await File.ReadAllBytesAsync(Directory.GetFiles(_dir, "*.vault").Single());
        Assert.False(System.Text.Encoding.UTF8.GetString(raw).Contains("王小明", StringComparison.Ordinal));

        PseudonymSession? loaded = await new PseudonymVault(_dir, new TextCipher(EncryptionKey.Parse(key.ToBase64(), "test"))).LoadAsync("conv-42");
        Assert.NotNull(loaded);
        Assert.True(loaded.TryResolve(placeholder, out PseudonymEntry entry));
        Assert.Equal("王小明", entry.Value);
        // Counters continue after a reload.
        Assert.Equal("[姓名_2]", loaded.GetOrAdd(PiiTypes.Person, "李娜", chineseContext: true));
    }

    [Fact]
    public async Task WrongKeyIsAClearError()
    {
        var session = new PseudonymSession("conv-7");
        session.GetOrAdd(PiiTypes.Email, "a@b.cn", chineseContext: false);
        await new PseudonymVault(_dir, new TextCipher(EncryptionKey.Generate())).SaveAsync(session);

        var other = new PseudonymVault(_dir, new TextCipher(EncryptionKey.Generate()));
        ZhikuException ex = await Assert.ThrowsAsync<ZhikuException>(() => other.LoadAsync("conv-7"));
        Assert.Contains("different key", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingSessionIsNull() =>
        Assert.Null(await new PseudonymVault(_dir, new TextCipher(EncryptionKey.Generate())).LoadAsync("nope"));

    [Fact]
    public void TamperedOrMovedCiphertextFailsIntegrity()
    {
        var cipher = new TextCipher(EncryptionKey.Generate());
        byte[] blob = cipher.EncryptText("合同正文", "doc-1");
        Assert.Equal("合同正文", cipher.DecryptText(blob, "doc-1"));
        Assert.Throws<InvalidDataException>(() => cipher.DecryptText(blob, "doc-2"));
        blob[^1] ^= 1;
        Assert.Throws<InvalidDataException>(() => cipher.DecryptText(blob, "doc-1"));
        Assert.Throws<InvalidDataException>(() => cipher.DecryptText("plain"u8, "doc-1"));
    }

    [Theory]
    [InlineData("not a key")]
    [InlineData("AAAA")]
    public void MalformedKeysAreRejected(string text) => Assert.Throws<ZhikuException>(() => EncryptionKey.Parse(text, "ZHIKU_KEY"));

    [Fact]
    public void KeyParsesFromHexAndBase64AndFile()
    {
        byte[] bytes = RandomNumberGenerator.GetBytes(32);
        string file = Path.Combine(Path.GetTempPath(), "zhiku-key-" + Guid.NewGuid().ToString("N"));
        File.WriteAllBytes(file, bytes);
        try
        {
            string id = EncryptionKey.FromBytes(bytes).KeyId;
            Assert.Equal(id, EncryptionKey.Parse(Convert.ToHexString(bytes), "hex").KeyId);
            Assert.Equal(id, EncryptionKey.Parse(Convert.ToBase64String(bytes), "b64").KeyId);
            Assert.Equal(id, EncryptionKey.FromFile(file).KeyId);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
