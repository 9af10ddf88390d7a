namespace Zhiku.Core.Ingestion.Isolation;

/// <summary>How a parser worker failed on a file.</summary>
public enum ParserWorkerFailure
{
    /// <summary>The process died (stack overflow, abort, killed from outside).</summary>
    Crashed,
    /// <summary>It went over the memory limit (managed heap or resident size).</summary>
    MemoryLimit,
    /// <summary>It used more CPU time than allowed for one file.</summary>
    CpuTimeLimit,
    /// <summary>It took longer than allowed for one file.</summary>
    WallTimeLimit,
    /// <summary>It answered something that is not the protocol.</summary>
    ProtocolError,
}
