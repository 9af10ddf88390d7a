namespace Zhiku.Core;

/// <summary>
/// A problem the user can fix (bad argument, missing file, unknown knowledge base). Hosts show the message
/// as is (CLI exit code 1, HTTP 4xx); it names the file or argument and what to do.
/// </summary>
public sealed class UserInputException : Exception
{
    public UserInputException(string message) : base(message) { }

    public UserInputException(string message, Exception innerException) : base(message, innerException) { }

    public UserInputException() { }
}
