using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace Zhiku.Server.Jobs;

/// <summary>
/// The bounded queue of job ids between uploads and the ingestion worker. Jobs are persisted before they are
/// queued, so the queue only says "run this now"; anything it misses (a full queue, a restart) the worker finds
/// in the store.
/// </summary>
public sealed class JobQueue(IOptions<ServerOptions> options)
{
    private readonly Channel<long> _channel = Channel.CreateBounded<long>(new BoundedChannelOptions(Math.Max(1, options.Value.JobQueueCapacity))
    {
        FullMode = BoundedChannelFullMode.Wait,
        SingleReader = true,
    });

    /// <summary>Queues a persisted job; waits while the queue is full (back-pressure on uploads).</summary>
    public ValueTask EnqueueAsync(long jobId, CancellationToken cancellationToken = default) =>
        _channel.Writer.WriteAsync(jobId, cancellationToken);

    internal ChannelReader<long> Reader => _channel.Reader;
}
