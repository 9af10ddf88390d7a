namespace Zhiku.Core.Ingestion.Isolation;

/// <summary>What the last file cost the parser worker.</summary>
/// <param name="Elapsed">Wall time from sending the file to the answer (or the failure).</param>
/// <param name="CpuTime">CPU time the worker used on it.</param>
/// <param name="PeakResidentBytes">The worker's peak resident memory so far (VmHWM on Linux, else the highest
/// value watched), 0 when unknown.</param>
public sealed record ParserWorkerStats(TimeSpan Elapsed, TimeSpan CpuTime, long PeakResidentBytes);
