namespace Zhiku.Core.Documents;

/// <summary>What reading one file came to, short of a failure (failures are <see cref="DocumentParseException"/>).</summary>
public enum DocumentReadStatus
{
    /// <summary>The file was read; <see cref="DocumentReadResult.Documents"/> holds one or more documents.</summary>
    Read,

    /// <summary>The file is empty or holds no text; report it as skipped ("empty").</summary>
    Empty,

    /// <summary>No parser reads this file extension; report it as skipped ("unsupported format"), never guess.</summary>
    UnsupportedFormat,

    /// <summary>Not a regular file (a FIFO, device, socket, or a link to one); report it as skipped, never read it.</summary>
    NotRegularFile,
}
