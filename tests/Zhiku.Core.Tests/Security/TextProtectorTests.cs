using Zhiku.Core.Security;

namespace Zhiku.Core.Tests.Security;

/// <summary>The store's text protection contract, as <see cref="TextCipher"/> implements it.</summary>
public sealed class TextProtectorTests
{
    [Fact]
    public void ProtectedTextRoundTripsUnderTheSameKeyAndHidesThePlaintext()
    {
        EncryptionKey key = EncryptionKey.Generate();
        ITextProtector protector = new TextCipher(key);
        string first = protector.Protect("王建国的手机13912345678");
        string second = protector.Protect("王建国的手机13912345678");

        Assert.DoesNotContain("13912345678", first);
        Assert.NotEqual(first, second);
        Assert.Equal(key.KeyId, protector.KeyId);
        Assert.Equal("王建国的手机13912345678", new TextCipher(EncryptionKey.Parse(key.ToBase64(), "test")).Unprotect(first));
    }

    [Fact]
    public void AnotherKeyIsForbiddenAndDamagedTextIsInvalidData()
    {
        ITextProtector protector = new TextCipher(EncryptionKey.Generate());
        string stored = protector.Protect("合同金额 120 万元");

        var other = Assert.Throws<ZhikuException>(() => new TextCipher(EncryptionKey.Generate()).Unprotect(stored));
        Assert.Equal(ErrorKind.Forbidden, other.Kind);
        Assert.Contains(protector.KeyId, other.Message);
        Assert.Contains(EncryptionKey.KeyVariable, other.Message);

        char[] damaged = stored.ToCharArray();
        damaged[^3] = damaged[^3] == 'A' ? 'B' : 'A';
        Assert.Throws<InvalidDataException>(() => protector.Unprotect(new string(damaged)));
        Assert.Throws<InvalidDataException>(() => protector.Unprotect("not base64!"));
        Assert.Throws<InvalidDataException>(() => protector.Unprotect(Convert.ToBase64String("plain"u8.ToArray())));
    }
}
