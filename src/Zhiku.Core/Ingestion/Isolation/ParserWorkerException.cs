namespace Zhiku.Core.Ingestion.Isolation;

/// <summary>A parser worker died or overran a limit on one file; the message names the file and the limit and is
/// shown to the user as is. The worker is restarted for the next file.</summary>
public sealed class ParserWorkerException : Exception
{
    public ParserWorkerException(ParserWorkerFailure kind, string message) : base(message) => Kind = kind;

    public ParserWorkerException() { }

    public ParserWorkerException(string message) : base(message) { }

    public ParserWorkerException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>What went wrong.</summary>
    public ParserWorkerFailure Kind { get; }
}
