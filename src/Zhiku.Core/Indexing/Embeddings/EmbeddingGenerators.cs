using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Zhiku.Core.Indexing.Embeddings;

/// <summary>
/// The embedding generators of a process: one per distinct <see cref="EmbeddingSettings"/> (its languages aside, which
/// do not change the model), built on first use and shared by every knowledge base with those settings across opens,
/// so opening a knowledge base again, or another one with the same model, loads no model weights and makes no
/// HttpClient. Settings changed in zhiku.json are another key: the next open builds the new model, the old one stays
/// until this object is disposed (searches may still run on it). A failed build is not kept, so the next open tries
/// again. Thread-safe.
/// </summary>
public sealed class EmbeddingGenerators : IDisposable
{
    private readonly ConcurrentDictionary<EmbeddingSettings, Lazy<SharedEmbeddingGenerator>> _bySettings = new();
    private readonly Func<EmbeddingSettings, IEmbeddingGenerator<string, Embedding<float>>> _create;
    private readonly ILogger _logger;
    private int _created;
    private volatile bool _disposed;

    /// <param name="loggerFactory">Where model loads and embedding failures are logged (the host's); none by default.</param>
    /// <param name="create">Builds a generator; <see cref="EmbeddingGeneratorFactory.Create"/> by default (tests and
    /// benchmarks may count or replace it). Called once per distinct settings.</param>
    public EmbeddingGenerators(ILoggerFactory? loggerFactory = null,
        Func<EmbeddingSettings, IEmbeddingGenerator<string, Embedding<float>>>? create = null)
    {
        _create = create ?? (settings => EmbeddingGeneratorFactory.Create(settings));
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Zhiku.Embeddings");
    }

    /// <summary>The generators of a process whose host has none of its own (the CLI, tests, benchmarks); never disposed.</summary>
    public static EmbeddingGenerators Process { get; } = new();

    /// <summary>How many generators were built (one per distinct settings, plus retries of failed builds).</summary>
    public int Created => Volatile.Read(ref _created);

    /// <summary>The shared generator for <paramref name="settings"/>, built on first use. Callers may dispose what they
    /// get (a knowledge base closing): that leaves the shared generator open.</summary>
    /// <exception cref="ZhikuException">A setting is invalid or the model cannot be loaded; the message names the key.</exception>
    /// <exception cref="ObjectDisposedException">This object was disposed.</exception>
    public IEmbeddingGenerator<string, Embedding<float>> Get(EmbeddingSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ObjectDisposedException.ThrowIf(_disposed, this);
        EmbeddingSettings key = settings with { Languages = null };
        Lazy<SharedEmbeddingGenerator> entry = _bySettings.GetOrAdd(key, k => new Lazy<SharedEmbeddingGenerator>(() => Build(k)));
        try
        {
            return entry.Value;
        }
        catch
        {
            // Lazy keeps the exception; drop the entry so a fixed model folder or a started server is picked up.
            _bySettings.TryRemove(new KeyValuePair<EmbeddingSettings, Lazy<SharedEmbeddingGenerator>>(key, entry));
            throw;
        }
    }

    private SharedEmbeddingGenerator Build(EmbeddingSettings settings)
    {
        long started = Stopwatch.GetTimestamp();
        IEmbeddingGenerator<string, Embedding<float>> inner = _create(settings);
        Interlocked.Increment(ref _created);
        var shared = new SharedEmbeddingGenerator(inner, _logger);
        if (_logger.IsEnabled(LogLevel.Information))
        {
            long milliseconds = (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            _logger.LogInformation("Embedding model {Model} ({Provider}) ready in {Milliseconds} ms", shared.ModelId, settings.Provider, milliseconds);
        }

        return shared;
    }

    public void Dispose()
    {
        _disposed = true;
        foreach (Lazy<SharedEmbeddingGenerator> entry in _bySettings.Values)
        {
            if (entry.IsValueCreated)
            {
                entry.Value.Close();
            }
        }

        _bySettings.Clear();
    }

    /// <summary>A generator that its users cannot close (only <see cref="EmbeddingGenerators"/> does) and that logs
    /// failures by kind, never the text.</summary>
    private sealed class SharedEmbeddingGenerator(IEmbeddingGenerator<string, Embedding<float>> inner, ILogger logger)
        : IEmbeddingGenerator<string, Embedding<float>>
    {
        public string ModelId { get; } = inner.Describe().ModelId;

        public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values,
            EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
        {
            try
            {
                return await inner.GenerateAsync(values, options, cancellationToken).ConfigureAwait(false);
            }
            catch (ZhikuException ex)
            {
                logger.LogWarning("Embedding with {Model} failed: {Kind} ({Subject})", ModelId, ex.Kind, ex.Subject);
                throw;
            }
        }

        public object? GetService(Type serviceType, object? serviceKey = null) =>
            serviceKey is null && serviceType.IsInstanceOfType(this) ? this : inner.GetService(serviceType, serviceKey);

        public void Close() => inner.Dispose();

        // Users share this generator: disposing their handle must not close it.
        public void Dispose()
        {
        }
    }
}
