using Npgsql;
using Zhiku.Core.Storage;
using Zhiku.Core.Storage.Postgres;

namespace Zhiku.Core.Tests.Storage.Postgres;

/// <summary>The change log's order under concurrent writers and the notifications that wake a listener.</summary>
public sealed class PostgresChangeLogTests
{
    [Fact]
    public async Task ChangesReadBackInOrderByKnowledgeBaseAndARolledBackWriterLeavesNothing()
    {
        await using PostgresTestDatabase test = await PostgresTestDatabase.CreateAsync();
        await using PostgresDatabase database = await PostgresDatabase.OpenAsync(test.Url);
        IChangeLog log = new PostgresChangeLog(database);
        Assert.Empty(await log.ReadAfterAsync(null, 0));
        Assert.Equal(0, await log.LastSeqAsync());

        IReadOnlyList<long> seqs = await WriteAsync(database, [(1, 10, ChunkChangeKind.Added, 3), (2, 20, ChunkChangeKind.Added, 1), (1, 10, ChunkChangeKind.Removed, 0)]);
        Assert.Equal([1L, 2, 3], seqs);
        await WriteAsync(database, [(2, 21, ChunkChangeKind.Added, 5)], commit: false);

        IReadOnlyList<ChunkChange> all = await log.ReadAfterAsync(null, 0);
        Assert.Equal([(1L, 1L, 10L, ChunkChangeKind.Added, 3), (2, 2, 20, ChunkChangeKind.Added, 1), (3, 1, 10, ChunkChangeKind.Removed, 0)],
            all.Select(c => (c.Seq, c.KbId, c.DocId, c.Kind, c.Chunks)));
        Assert.InRange(all[0].RecordedAt, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(5));
        Assert.Equal([1L, 3], (await log.ReadAfterAsync(1, 0)).Select(c => c.Seq));
        Assert.Equal([3L], (await log.ReadAfterAsync(1, 1)).Select(c => c.Seq));
        Assert.Equal([2L], (await log.ReadAfterAsync(null, 1, limit: 1)).Select(c => c.Seq));
        Assert.Equal([2L], (await log.ReadAfterAsync(null, 1, limit: 0)).Select(c => c.Seq));
        Assert.Empty(await log.ReadAfterAsync(null, 3));
        Assert.Equal((3L, 2L, 0L), (await log.LastSeqAsync(), await log.LastSeqAsync(2), await log.LastSeqAsync(404)));

        // The rolled-back writer's number is given to the next one: nothing was skipped.
        Assert.Equal([4L], await WriteAsync(database, [(2, 22, ChunkChangeKind.Added, 2)]));
    }

    [Fact]
    public async Task AReaderFollowingConcurrentWritersNeverMissesAChangeThatCommitsLaterWithALowerNumber()
    {
        await using PostgresTestDatabase test = await PostgresTestDatabase.CreateAsync();
        await using PostgresDatabase database = await PostgresDatabase.OpenAsync(test.Url);
        IChangeLog log = new PostgresChangeLog(database);
        using var done = new CancellationTokenSource();

        // Each writer holds its transaction open a random while after numbering its changes, so commits come in
        // another order than numbering would if numbers were handed out as a sequence does.
        Task[] writers = Enumerable.Range(0, 6).Select(w => Task.Run(async () =>
        {
            var random = new Random(w);
            for (int i = 0; i < 12; i++)
            {
                (long, long, ChunkChangeKind, int)[] changes = Enumerable.Range(0, random.Next(1, 4))
                    .Select(k => ((long)(w % 2 + 1), (long)(w * 1000 + i * 10 + k), ChunkChangeKind.Added, 1)).ToArray();
                await WriteAsync(database, changes, commit: random.Next(5) != 0, holdMs: random.Next(0, 25));
            }
        })).ToArray();

        var seen = new List<long>();
        long after = 0;
        Task allWritten = Task.WhenAll(writers);
        while (true)
        {
            bool finished = allWritten.IsCompleted;
            IReadOnlyList<ChunkChange> read = await log.ReadAfterAsync(null, after, limit: 5);
            Assert.All(read, c => Assert.True(c.Seq > after));
            seen.AddRange(read.Select(c => c.Seq));
            after = read.Count > 0 ? read[^1].Seq : after;
            if (finished && read.Count == 0)
            {
                break;
            }
        }

        await allWritten;
        List<long> committed = [.. (await log.ReadAfterAsync(null, 0, limit: 10_000)).Select(c => c.Seq)];
        Assert.True(committed.Count > 20, $"only {committed.Count} changes committed");
        Assert.Equal(committed, seen);
        Assert.Equal(Enumerable.Range(1, committed.Count).Select(i => (long)i), committed);
    }

    [Fact]
    public async Task ACommitWakesAListenerAndARollbackOrAnotherSchemaDoesNot()
    {
        await using PostgresTestDatabase test = await PostgresTestDatabase.CreateAsync();
        await using PostgresTestDatabase other = await PostgresTestDatabase.CreateAsync();
        await using PostgresDatabase database = await PostgresDatabase.OpenAsync(test.Url);
        await using PostgresDatabase otherDatabase = await PostgresDatabase.OpenAsync(other.Url);
        await using PostgresChangeListener listener = await PostgresChangeListener.StartAsync(database);

        Assert.Equal(ChangeWake.Polled, await listener.WaitAsync(TimeSpan.FromMilliseconds(200)));

        await WriteAsync(database, [(1, 10, ChunkChangeKind.Added, 1)], commit: false);
        await WriteAsync(otherDatabase, [(1, 10, ChunkChangeKind.Added, 1)]);
        Assert.Equal(ChangeWake.Polled, await listener.WaitAsync(TimeSpan.FromMilliseconds(300)));

        // A commit while the listener waits wakes it long before its poll interval.
        Task<ChangeWake> waiting = listener.WaitAsync(TimeSpan.FromMinutes(2));
        await Task.Delay(100);
        await WriteAsync(database, [(1, 11, ChunkChangeKind.Added, 1)]);
        Assert.Same(waiting, await Task.WhenAny(waiting, Task.Delay(TimeSpan.FromSeconds(20))));
        Assert.Equal(ChangeWake.Notified, await waiting);

        // A commit between two waits is kept for the next one.
        await WriteAsync(database, [(1, 12, ChunkChangeKind.Removed, 0)]);
        Task<ChangeWake> next = listener.WaitAsync(TimeSpan.FromMinutes(2));
        Assert.Same(next, await Task.WhenAny(next, Task.Delay(TimeSpan.FromSeconds(20))));
        Assert.Equal(ChangeWake.Notified, await next);
    }

    [Fact]
    public async Task AListenerWhoseConnectionIsEndedReportsItAndListensAgain()
    {
        await using PostgresTestDatabase test = await PostgresTestDatabase.CreateAsync();
        await using PostgresDatabase database = await PostgresDatabase.OpenAsync(test.Url);
        await using PostgresChangeListener listener = await PostgresChangeListener.StartAsync(database);

        await AdminAsync(test, $"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE 'LISTEN %{test.Schema}%';");

        Assert.Equal(ChangeWake.Reconnected, await listener.WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.Equal(ChangeWake.Reconnected, await listener.WaitAsync(TimeSpan.FromSeconds(20)));
        await WriteAsync(database, [(1, 10, ChunkChangeKind.Added, 1)]);
        Assert.Equal(ChangeWake.Notified, await listener.WaitAsync(TimeSpan.FromSeconds(20)));
    }

    [Fact]
    public async Task AReadWithACancelledTokenThrowsOperationCanceled()
    {
        await using PostgresTestDatabase test = await PostgresTestDatabase.CreateAsync();
        await using PostgresDatabase database = await PostgresDatabase.OpenAsync(test.Url);
        await using PostgresChangeListener listener = await PostgresChangeListener.StartAsync(database);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new PostgresChangeLog(database).ReadAfterAsync(null, 0, cancellationToken: cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => listener.WaitAsync(TimeSpan.FromMinutes(1), cancelled.Token));
    }

    private static async Task<IReadOnlyList<long>> WriteAsync(PostgresDatabase database, IReadOnlyList<(long, long, ChunkChangeKind, int)> changes,
        bool commit = true, int holdMs = 0)
    {
        await using NpgsqlConnection connection = await database.ConnectAsync(default);
        await using NpgsqlTransaction transaction = await connection.BeginTransactionAsync();
        IReadOnlyList<long> seqs = await PostgresChangeLog.AppendAsync(connection, transaction, changes, default);
        if (holdMs > 0)
        {
            await Task.Delay(holdMs);
        }

        if (commit)
        {
            await transaction.CommitAsync();
        }
        else
        {
            await transaction.RollbackAsync();
        }

        return seqs;
    }

    private static async Task AdminAsync(PostgresTestDatabase test, string sql)
    {
        await using var connection = new NpgsqlConnection(test.Server.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
