namespace Zhiku.Core;

/// <summary>What kind of failure a <see cref="ZhikuException"/> is, so each host picks its answer (the CLI an exit
/// code, the server an HTTP status) without reading the message.</summary>
public enum ErrorKind
{
    /// <summary>The input is wrong: an argument, a file's content, a configuration value. The caller fixes it.</summary>
    InvalidInput,

    /// <summary>The thing named (a knowledge base, a document, a user, a file) does not exist.</summary>
    NotFound,

    /// <summary>The request contradicts the current state: a name already taken, a policy looser than its knowledge
    /// base's.</summary>
    Conflict,

    /// <summary>The caller may not do this.</summary>
    Forbidden,

    /// <summary>Something needed is busy or not there right now (another process holds the index, a model or worker
    /// cannot be reached); trying again later, or after starting it, can succeed.</summary>
    Unavailable,

    /// <summary>A broken contract inside Zhiku; the message is for the log.</summary>
    Internal,
}
