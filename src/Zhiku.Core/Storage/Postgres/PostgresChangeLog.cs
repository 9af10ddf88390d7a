using Npgsql;

namespace Zhiku.Core.Storage.Postgres;

/// <summary>
/// The change log in PostgreSQL (tables <c>changes</c> and <c>change_counter</c>, made by <see cref="PostgresMigrations"/>).
/// A writer numbers its changes by raising the one row of <c>change_counter</c> as the last statement of its transaction,
/// so the row stays locked until that transaction commits or rolls back: the next writer waits, and numbers become
/// visible in commit order. (A sequence would not do: a transaction given 11 that commits after one given 12 lets a
/// reader that saw 12 skip 11 for ever.) The wait is only the end of a transaction, the numbering and its commit. The
/// transaction also sends <c>pg_notify</c> on the schema's channel (<see cref="ChannelSql"/>), delivered on commit, which
/// wakes <see cref="PostgresChangeListener"/>s.
/// </summary>
public sealed class PostgresChangeLog : IChangeLog
{
    /// <summary>The SQL for the notification channel: one per schema, so stores sharing a database wake only their own nodes.</summary>
    internal const string ChannelSql = "'zhiku_changes:' || current_schema()";

    private const string OriginKey = "change_log_origin";

    private readonly PostgresDatabase _database;
    private string? _origin;

    /// <summary>The change log of an open database.</summary>
    public PostgresChangeLog(PostgresDatabase database)
    {
        _database = database;
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<ChunkChange>> ReadAfterAsync(long? kbId, long afterSeq, int limit = 1000, CancellationToken cancellationToken = default) =>
        PostgresFailures.RunAsync<IReadOnlyList<ChunkChange>>("read the change log", async () =>
        {
            await using NpgsqlConnection connection = await _database.ConnectAsync(cancellationToken).ConfigureAwait(false);
            await using NpgsqlCommand command = PostgresDatabase.Command(connection, null,
                "SELECT seq, kb_id, doc_id, kind, chunks, recorded_at FROM changes WHERE seq > @after"
                + (kbId is null ? "" : " AND kb_id = @kb") + " ORDER BY seq LIMIT @limit;",
                ("after", afterSeq), ("kb", kbId), ("limit", Math.Max(1, limit)));
            await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var changes = new List<ChunkChange>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                changes.Add(new ChunkChange(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), ParseKind(reader.GetString(3)),
                    reader.GetInt32(4), reader.GetFieldValue<DateTimeOffset>(5)));
            }

            return changes;
        });

    /// <inheritdoc/>
    public Task<long> LastSeqAsync(long? kbId = null, CancellationToken cancellationToken = default) =>
        PostgresFailures.RunAsync("read the change log", async () =>
        {
            await using NpgsqlConnection connection = await _database.ConnectAsync(cancellationToken).ConfigureAwait(false);
            await using NpgsqlCommand command = PostgresDatabase.Command(connection, null,
                "SELECT COALESCE(MAX(seq), 0) FROM changes" + (kbId is null ? ";" : " WHERE kb_id = @kb;"), ("kb", kbId));
            return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        });

    /// <inheritdoc/>
    public Task<ChangeLogHead> HeadAsync(CancellationToken cancellationToken = default) =>
        PostgresFailures.RunAsync("read the change log", async () =>
        {
            await using NpgsqlConnection connection = await _database.ConnectAsync(cancellationToken).ConfigureAwait(false);
            // The identity lives in meta beside the schema version, made by the first node that asks; the insert and the
            // read are separate statements, so a node that lost the race to another reads the winner's.
            string create = _origin is null ? $"INSERT INTO meta(key, value) VALUES('{OriginKey}', @new) ON CONFLICT(key) DO NOTHING;" : "";
            await using NpgsqlCommand command = PostgresDatabase.Command(connection, null, create + $"""
                SELECT (SELECT value FROM meta WHERE key = '{OriginKey}'), (SELECT MIN(seq) FROM changes), (SELECT seq FROM change_counter);
                """, ("new", Guid.NewGuid().ToString("N")));
            await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            string origin = reader.GetString(0);
            long last = reader.GetInt64(2);
            // Numbers are dense from 1: the horizon is just below the oldest kept change, or every number when none is kept.
            long horizon = reader.IsDBNull(1) ? last : reader.GetInt64(1) - 1;
            _origin = origin;
            return new ChangeLogHead(origin, horizon, last);
        });

    /// <inheritdoc/>
    public Task<ChangeLogLag> LagAsync(long kbId, long appliedSeq, CancellationToken cancellationToken = default) =>
        PostgresFailures.RunAsync("read the change log", async () =>
        {
            await using NpgsqlConnection connection = await _database.ConnectAsync(cancellationToken).ConfigureAwait(false);
            await using NpgsqlCommand command = PostgresDatabase.Command(connection, null, """
                SELECT COALESCE((SELECT MAX(seq) FROM changes WHERE kb_id = @kb), 0), count(*),
                       COALESCE(EXTRACT(EPOCH FROM clock_timestamp() - MIN(recorded_at)), 0)::float8
                FROM changes WHERE kb_id = @kb AND seq > @applied;
                """, ("kb", kbId), ("applied", appliedSeq));
            await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            return new ChangeLogLag(reader.GetInt64(0), reader.GetInt64(1), TimeSpan.FromSeconds(Math.Max(0, reader.GetDouble(2))));
        });

    /// <summary>
    /// Records <paramref name="changes"/> in the caller's transaction and returns their numbers, in input order. Call it
    /// as the last statement before the commit: from here until the commit every other writer of changes waits.
    /// </summary>
    internal static async Task<IReadOnlyList<long>> AppendAsync(NpgsqlConnection connection, NpgsqlTransaction transaction,
        IReadOnlyList<(long KbId, long DocId, ChunkChangeKind Kind, int Chunks)> changes, CancellationToken cancellationToken)
    {
        if (changes.Count == 0)
        {
            return [];
        }

        await using NpgsqlCommand command = PostgresDatabase.Command(connection, transaction, $"""
            WITH numbered AS (UPDATE change_counter SET seq = seq + @n RETURNING seq - @n AS base),
            written AS (
                INSERT INTO changes(seq, kb_id, doc_id, kind, chunks, recorded_at)
                SELECT numbered.base + c.n, c.kb, c.doc, c.kind, c.chunks, clock_timestamp()
                FROM numbered, unnest(@kbs, @docs, @kinds, @chunks) WITH ORDINALITY AS c(kb, doc, kind, chunks, n)
                RETURNING seq)
            SELECT seq, pg_notify({ChannelSql}, (SELECT MAX(seq) FROM written)::text) FROM written ORDER BY seq;
            """, ("n", (long)changes.Count), ("kbs", changes.Select(c => c.KbId).ToArray()), ("docs", changes.Select(c => c.DocId).ToArray()),
            ("kinds", changes.Select(c => KindName(c.Kind)).ToArray()), ("chunks", changes.Select(c => c.Chunks).ToArray()));
        await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var seqs = new List<long>(changes.Count);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            seqs.Add(reader.GetInt64(0));
        }

        return seqs;
    }

    private static string KindName(ChunkChangeKind kind) => kind == ChunkChangeKind.Added ? "added" : "removed";

    private static ChunkChangeKind ParseKind(string kind) => kind switch
    {
        "added" => ChunkChangeKind.Added,
        "removed" => ChunkChangeKind.Removed,
        _ => throw new InvalidDataException($"the change log holds an unknown kind '{kind}'"),
    };
}
