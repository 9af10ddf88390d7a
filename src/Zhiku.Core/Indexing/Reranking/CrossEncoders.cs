using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Zhiku.Core.Indexing.Reranking;

/// <summary>
/// The cross-encoders (rerankers) of a process: one per model folder (<c>retrieval.reranker</c>, a full path), loaded
/// on first use and shared by every knowledge base configured with that folder across opens, so opening a knowledge
/// base again, or another one with the same reranker, loads no model. A folder changed in zhiku.json is another key:
/// the next open loads it, the old model stays until this object is disposed (searches may still run on it). A failed
/// load is not kept, so the next open tries again (a model copied into the folder since is picked up). Thread-safe,
/// and so are the shared encoders: ONNX Runtime's <c>InferenceSession.Run</c> may be called concurrently on one session,
/// and every call tokenizes into its own buffers with its own <c>RunOptions</c>.
/// </summary>
public sealed class CrossEncoders : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<SharedCrossEncoder>> _byFolder = new(StringComparer.Ordinal);
    private readonly Func<string, ICrossEncoder> _create;
    private readonly ILogger _logger;
    private int _created;
    private volatile bool _disposed;

    /// <param name="loggerFactory">Where model loads and failures are logged (the host's); none by default.</param>
    /// <param name="create">Loads a cross-encoder from a folder; <see cref="OnnxCrossEncoder.FromFolder"/> by default
    /// (tests and benchmarks may count or replace it). Called once per distinct folder, again after a failed load.</param>
    public CrossEncoders(ILoggerFactory? loggerFactory = null, Func<string, ICrossEncoder>? create = null)
    {
        _create = create ?? (folder => OnnxCrossEncoder.FromFolder(folder));
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Zhiku.Reranking");
    }

    /// <summary>The cross-encoders of a process whose host has none of its own (the CLI, tests, benchmarks); never disposed.</summary>
    public static CrossEncoders Process { get; } = new();

    /// <summary>How many cross-encoders were loaded (one per distinct folder, plus retries of failed loads that succeeded).</summary>
    public int Created => Volatile.Read(ref _created);

    /// <summary>The shared cross-encoder of <paramref name="folder"/>, loaded on first use. It is closed only by
    /// <see cref="Dispose"/>; users (knowledge bases) just drop it.</summary>
    /// <param name="folder">The model folder (model.onnx and vocab.txt or tokenizer.json); made a full path.</param>
    /// <exception cref="ZhikuException">The folder has no usable cross-encoder (missing files, unsupported tokenizer,
    /// not a cross-encoder); the message names the folder. Not remembered: the next call loads again.</exception>
    /// <exception cref="ObjectDisposedException">This object was disposed.</exception>
    public ICrossEncoder Get(string folder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        ObjectDisposedException.ThrowIf(_disposed, this);
        string key = Path.GetFullPath(folder);
        Lazy<SharedCrossEncoder> entry = _byFolder.GetOrAdd(key, k => new Lazy<SharedCrossEncoder>(() => Load(k)));
        try
        {
            return entry.Value;
        }
        catch
        {
            // Lazy keeps the exception; drop the entry so a fixed model folder is picked up by the next open.
            _byFolder.TryRemove(new KeyValuePair<string, Lazy<SharedCrossEncoder>>(key, entry));
            throw;
        }
    }

    private SharedCrossEncoder Load(string folder)
    {
        long started = Stopwatch.GetTimestamp();
        ICrossEncoder inner;
        try
        {
            inner = _create(folder);
        }
        catch (ZhikuException ex)
        {
            _logger.LogWarning("Reranker {Folder} could not be loaded: {Kind} ({Subject})", folder, ex.Kind, ex.Subject);
            throw;
        }
        catch (Exception ex)
        {
            _logger.LogWarning("Reranker {Folder} could not be loaded: {Error}", folder, ex.GetType().Name);
            throw;
        }

        Interlocked.Increment(ref _created);
        if (_logger.IsEnabled(LogLevel.Information))
        {
            long milliseconds = (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            _logger.LogInformation("Reranker {Folder} ready in {Milliseconds} ms", folder, milliseconds);
        }

        return new SharedCrossEncoder(inner, folder, _logger);
    }

    public void Dispose()
    {
        _disposed = true;
        foreach (Lazy<SharedCrossEncoder> entry in _byFolder.Values)
        {
            if (entry.IsValueCreated)
            {
                entry.Value.Close();
            }
        }

        _byFolder.Clear();
    }

    /// <summary>A cross-encoder its users cannot close (only <see cref="CrossEncoders"/> does) that logs scoring failures
    /// by kind, never the query or the passages. A cancelled call (the reranker's budget) is expected and not logged.</summary>
    private sealed class SharedCrossEncoder(ICrossEncoder inner, string folder, ILogger logger) : ICrossEncoder
    {
        public async Task<IReadOnlyList<float>> ScoreAsync(string query, IReadOnlyList<string> passages,
            CancellationToken cancellationToken = default)
        {
            try
            {
                return await inner.ScoreAsync(query, passages, cancellationToken).ConfigureAwait(false);
            }
            catch (ZhikuException ex)
            {
                logger.LogWarning("Reranking with {Folder} failed: {Kind} ({Subject})", folder, ex.Kind, ex.Subject);
                throw;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning("Reranking with {Folder} failed: {Error}", folder, ex.GetType().Name);
                throw;
            }
        }

        public void Close() => (inner as IDisposable)?.Dispose();
    }
}
