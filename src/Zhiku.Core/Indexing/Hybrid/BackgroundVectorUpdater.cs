using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Zhiku.Core.Indexing.Hybrid;

/// <summary>
/// Embeds knowledge bases in the background (for the server): ingest or a model change queues the knowledge base's
/// vectors,
/// one worker brings them up to date while search runs keyword-only, a failure is retried with exponential
/// backoff, and stopping drains the queue (an interrupted update resumes from its checkpoint next time).
/// </summary>
public sealed class BackgroundVectorUpdater : IAsyncDisposable
{
    private readonly Channel<Request> _queue;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ILogger _logger;
    private readonly TimeSpan _firstRetry;
    private readonly int _maxAttempts;
    private readonly Task _worker;

    /// <param name="logger">Where failures are logged (knowledge base name and model, never content).</param>
    /// <param name="capacity">Queue length; a knowledge base already queued is not queued twice.</param>
    /// <param name="firstRetry">Delay before the first retry; doubled each time (at most 5 minutes).</param>
    /// <param name="maxAttempts">Attempts per request before it is dropped (the next ingest queues it again).</param>
    public BackgroundVectorUpdater(ILogger? logger = null, int capacity = 64, TimeSpan? firstRetry = null, int maxAttempts = 5)
    {
        _queue = Channel.CreateBounded<Request>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        this._logger = logger ?? NullLogger.Instance;
        this._firstRetry = firstRetry ?? TimeSpan.FromSeconds(2);
        this._maxAttempts = maxAttempts;
        _worker = Task.Run(RunAsync);
    }

    /// <summary>Raised after each update (success or final failure) with the knowledge base's name, e.g. for tests
    /// and status pages.</summary>
    public event Action<string, VectorUpdateResult?, Exception?>? Completed;

    /// <summary>Queues a knowledge base's vectors for an update; waits while the queue is full.</summary>
    /// <param name="knowledgeBase">The knowledge base's name (for logs and <see cref="Completed"/>).</param>
    /// <param name="vectors">Its vectors.</param>
    /// <param name="cancellationToken">Stops waiting for room in the queue.</param>
    public ValueTask EnqueueAsync(string knowledgeBase, KnowledgeBaseVectors vectors, CancellationToken cancellationToken = default) =>
        vectors.Enabled ? _queue.Writer.WriteAsync(new Request(knowledgeBase, vectors), cancellationToken) : ValueTask.CompletedTask;

    /// <summary>Stops accepting work, finishes what is queued (cancelling the running update after <paramref name="grace"/>).</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        _queue.Writer.TryComplete();
        _stopping.CancelAfter(grace);
        await _worker.ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.Zero).ConfigureAwait(false);
        _stopping.Dispose();
    }

    private async Task RunAsync()
    {
        var pending = new HashSet<Request>();
        await foreach (Request kb in _queue.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            // Several queued requests for one knowledge base are one update: it embeds everything missing.
            while (_queue.Reader.TryRead(out Request? more))
            {
                pending.Add(more);
            }

            pending.Add(kb);
            foreach (Request next in pending.ToList())
            {
                pending.Remove(next);
                await UpdateWithRetriesAsync(next).ConfigureAwait(false);
            }
        }
    }

    private async Task UpdateWithRetriesAsync(Request kb)
    {
        TimeSpan delay = _firstRetry;
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                VectorUpdateResult result = await kb.Vectors.UpdateAsync(null, _stopping.Token).ConfigureAwait(false);
                Completed?.Invoke(kb.KnowledgeBase, result, null);
                return;
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                return; // shutting down; the checkpoint lets the next start resume
            }
            catch (ObjectDisposedException)
            {
                return; // the knowledge base was closed (deleted) meanwhile
            }
            catch (Exception ex) when (attempt < _maxAttempts)
            {
                _logger.LogWarning(ex, "Embedding knowledge base {KnowledgeBase} with {Model} failed (attempt {Attempt}); retrying in {Delay}",
                    kb.KnowledgeBase, kb.Vectors.ModelId, attempt, delay);
                try
                {
                    await Task.Delay(delay, _stopping.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromMinutes(5).Ticks));
            }
            catch (Exception ex)
            {
                _logger.LogError(ex, "Embedding knowledge base {KnowledgeBase} with {Model} failed {Attempts} times; search stays keyword-only until the next update",
                    kb.KnowledgeBase, kb.Vectors.ModelId, attempt);
                Completed?.Invoke(kb.KnowledgeBase, null, ex);
                return;
            }
        }
    }

    /// <summary>One queued update; two requests for the same vectors are equal (the vectors compare by reference).</summary>
    private sealed record Request(string KnowledgeBase, KnowledgeBaseVectors Vectors);
}
