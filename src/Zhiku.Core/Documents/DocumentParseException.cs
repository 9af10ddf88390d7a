namespace Zhiku.Core.Documents;

/// <summary>A file could not be read as the format it claims; the message is shown to the user as is.</summary>
public sealed class DocumentParseException : Exception
{
    public DocumentParseException(string message) : base(message) { }

    public DocumentParseException(string message, Exception innerException) : base(message, innerException) { }

    public DocumentParseException() { }
}
