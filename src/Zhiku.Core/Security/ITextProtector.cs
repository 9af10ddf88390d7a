namespace Zhiku.Core.Security;

/// <summary>
/// How a store protects the text it writes to its database (document text, titles, headings, chats, jobs, audit
/// records): the store calls encryption only through this contract, and <see cref="TextCipher"/> implements it
/// (AES-256-GCM under the store key). A store without a key has no protector and writes text as it is.
/// </summary>
public interface ITextProtector
{
    /// <summary>The public fingerprint of the key the text is protected under (<see cref="EncryptionKey.KeyId"/>);
    /// the store records it and refuses to open with another key.</summary>
    string KeyId { get; }

    /// <summary>Protects <paramref name="text"/> as printable text (for a TEXT column); each call uses a fresh nonce,
    /// so the same text gives a different result every time.</summary>
    string Protect(string text);

    /// <summary>The text <see cref="Protect"/> was given.</summary>
    /// <exception cref="ZhikuException">Kind <see cref="ErrorKind.Forbidden"/>: the text was protected under another
    /// key; the message names both key ids and the variables that set the key.</exception>
    /// <exception cref="InvalidDataException">The text is not protected data, or it was damaged.</exception>
    string Unprotect(string protectedText);
}
