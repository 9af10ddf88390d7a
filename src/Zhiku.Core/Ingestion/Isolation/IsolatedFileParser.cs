using Zhiku.Core.Documents;

namespace Zhiku.Core.Ingestion.Isolation;

/// <summary>
/// Parses untrusted files in a parser worker process (<c>zhiku __parse-worker</c>) under
/// <see cref="ParserWorkerLimits"/>: a file that overflows the stack, eats memory or spins ends the worker, not
/// this process, and comes back as a <see cref="ParserWorkerException"/>. One worker serves file after file and
/// is restarted only after a failure. Calls are serialized; dispose to stop the worker (at once when no file is being
/// parsed, else as soon as that file is done: disposing never waits for it).
/// </summary>
public sealed class IsolatedFileParser : IFileParser, IDisposable
{
    private readonly ParserWorkerCommand _command;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private ParserWorkerProcess? _worker;
    private volatile bool _disposed;

    /// <summary>A parser that starts <paramref name="command"/> (see <see cref="ParserWorkerCommand.Resolve"/>) on
    /// first use.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A limit is out of range; the message names it.</exception>
    public IsolatedFileParser(ParserWorkerCommand command, ParserWorkerLimits? limits = null)
    {
        this._command = command;
        Limits = limits ?? new ParserWorkerLimits();
        Limits.Validate();
    }

    /// <summary>The limits in force.</summary>
    public ParserWorkerLimits Limits { get; }

    /// <summary>What the last file cost the worker (time, CPU, peak memory); null before the first.</summary>
    public ParserWorkerStats? LastParse { get; private set; }

    /// <summary>How many worker processes were started so far (one, unless files killed workers).</summary>
    public int WorkersStarted { get; private set; }

    /// <inheritdoc />
    public async Task<DocumentReadResult> ParseAsync(byte[] bytes, string fileName, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_worker is not { IsAlive: true })
            {
                _worker?.Dispose();
                _worker = ParserWorkerProcess.Start(_command, Limits);
                WorkersStarted++;
            }

            try
            {
                return await _worker.ParseAsync(bytes, fileName, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is ParserWorkerException or OperationCanceledException)
            {
                // A worker that failed or was stopped mid-file is not reused: the next file gets a fresh one.
                LastParse = _worker.LastParse;
                _worker.Dispose();
                _worker = null;
                throw;
            }
            finally
            {
                LastParse = _worker?.LastParse ?? LastParse;
            }
        }
        finally
        {
            if (_disposed)
            {
                // Disposed while this file was parsed: the worker stops now that it is done.
                StopWorker();
            }

            _gate.Release();
        }
    }

    public void Dispose()
    {
        _disposed = true;
        // Wait(0) only tries the gate: with no parse running the worker stops here; a running parse stops it when its
        // file is done (see ParseAsync), so disposing never blocks on a parse.
        if (_gate.Wait(0))
        {
            try
            {
                StopWorker();
            }
            finally
            {
                _gate.Release();
            }
        }
    }

    private void StopWorker()
    {
        _worker?.Dispose();
        _worker = null;
    }
}
