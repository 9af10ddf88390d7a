namespace Zhiku.Core;

/// <summary>
/// A failure Core reports to a host: a <see cref="ErrorKind"/> the host maps (CLI exit code, HTTP status) and a
/// bilingual message that names the thing that is wrong (the file, the knowledge base, the configuration key) and
/// what to do. Core never names a CLI flag; a host that knows which flag caused it adds that itself.
/// </summary>
public sealed class ZhikuException : Exception
{
    public ZhikuException(ErrorKind kind, string message, string? subject = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
        Subject = subject;
    }

    public ZhikuException() : this(ErrorKind.Internal, "internal error / 内部错误") { }

    public ZhikuException(string message) : this(ErrorKind.Internal, message) { }

    public ZhikuException(string message, Exception innerException) : this(ErrorKind.Internal, message, null, innerException) { }

    /// <summary>What kind of failure this is.</summary>
    public ErrorKind Kind { get; }

    /// <summary>The thing the message is about, when there is one: a path, a knowledge base name, a configuration key,
    /// an argument name. Hosts use it to add their own words (a CLI flag, a JSON field); null when none.</summary>
    public string? Subject { get; }

    /// <summary>Whether the caller can fix it (everything but <see cref="ErrorKind.Internal"/>).</summary>
    public bool IsUserError => Kind != ErrorKind.Internal;

    /// <summary>Invalid input: <paramref name="message"/> names the value and the fix.</summary>
    public static ZhikuException InvalidInput(string message, string? subject = null, Exception? innerException = null) =>
        new(ErrorKind.InvalidInput, message, subject, innerException);

    /// <summary>The thing named by <paramref name="subject"/> does not exist.</summary>
    public static ZhikuException NotFound(string message, string? subject = null, Exception? innerException = null) =>
        new(ErrorKind.NotFound, message, subject, innerException);

    /// <summary>The request contradicts the current state.</summary>
    public static ZhikuException Conflict(string message, string? subject = null, Exception? innerException = null) =>
        new(ErrorKind.Conflict, message, subject, innerException);

    /// <summary>The caller may not do this.</summary>
    public static ZhikuException Forbidden(string message, string? subject = null, Exception? innerException = null) =>
        new(ErrorKind.Forbidden, message, subject, innerException);

    /// <summary>Something needed is busy or cannot be reached now.</summary>
    public static ZhikuException Unavailable(string message, string? subject = null, Exception? innerException = null) =>
        new(ErrorKind.Unavailable, message, subject, innerException);
}
