namespace Zhiku.Core.Privacy;

/// <summary>
/// The encryption key is missing, malformed, or not the key the data was encrypted with. The message says
/// which and what to do (set ZHIKU_KEY or ZHIKU_KEY_FILE); hosts show it as a user error.
/// </summary>
public sealed class EncryptionKeyException : Exception
{
    public EncryptionKeyException(string message) : base(message) { }

    public EncryptionKeyException(string message, Exception innerException) : base(message, innerException) { }

    public EncryptionKeyException() { }
}
