namespace Zhiku.Core.Answering.Clients;

/// <summary>
/// A configured model cannot be used (model file missing or not a GGUF model, native library not loadable,
/// endpoint misconfigured). The message is for the user as is, in English and Chinese, naming the file or
/// setting and what to do.
/// </summary>
public sealed class LlmProviderException : Exception
{
    public LlmProviderException(string message) : base(message) { }

    public LlmProviderException(string message, Exception innerException) : base(message, innerException) { }

    public LlmProviderException() { }
}
