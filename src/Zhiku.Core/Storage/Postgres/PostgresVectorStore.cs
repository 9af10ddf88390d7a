using System.Runtime.InteropServices;
using Npgsql;

namespace Zhiku.Core.Storage.Postgres;

/// <summary>Chunk vectors in PostgreSQL (table <c>chunk_vectors</c>, made by <see cref="PostgresMigrations"/>): one row per
/// chunk and model, the vector as its little-endian float32 bytes in base64, protected by the database's key like chunk
/// text; a skipped chunk is a row without a vector that names the languages it was skipped for. Rows go with their chunk
/// (<c>ON DELETE CASCADE</c>).</summary>
public sealed class PostgresVectorStore : IVectorStore
{
    private readonly PostgresDatabase _database;

    /// <summary>The vector table of an open database.</summary>
    public PostgresVectorStore(PostgresDatabase database)
    {
        _database = database;
    }

    /// <inheritdoc/>
    public Task SaveAsync(long kbId, string modelId, string languages, IReadOnlyList<StoredVector> vectors, CancellationToken cancellationToken = default) =>
        PostgresFailures.RunAsync("write chunk vectors", async () =>
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (vectors.Count == 0)
            {
                return;
            }

            long[] ids = vectors.Select(v => v.ChunkId).ToArray();
            int[] dimensions = vectors.Select(v => v.Vector?.Length ?? 0).ToArray();
            string?[] encoded = vectors.Select(v => v.Vector is { } vector ? _database.Protect(Encode(vector.Span)) : null).ToArray();
            string?[] skipped = vectors.Select(v => v.Vector is null ? languages : null).ToArray();
            await using NpgsqlConnection connection = await _database.ConnectAsync(cancellationToken).ConfigureAwait(false);
            // Only chunks that still exist: one deleted while it was embedded loses its vector with it.
            await PostgresDatabase.ExecuteAsync(connection, null, """
                INSERT INTO chunk_vectors(chunk_id, model, kb_id, dimensions, vector, skipped_for)
                SELECT u.id, @model, @kb, u.dims, u.vector, u.skipped
                FROM unnest(@ids, @dims, @vectors, @skipped) AS u(id, dims, vector, skipped)
                WHERE EXISTS (SELECT 1 FROM chunks c WHERE c.id = u.id)
                ON CONFLICT(chunk_id, model) DO UPDATE
                SET dimensions = excluded.dimensions, vector = excluded.vector, skipped_for = excluded.skipped_for, kb_id = excluded.kb_id;
                """, cancellationToken, ("model", modelId), ("kb", kbId), ("ids", ids), ("dims", dimensions), ("vectors", encoded),
                ("skipped", skipped)).ConfigureAwait(false);
        });

    /// <inheritdoc/>
    public Task<IReadOnlyList<StoredVector>> ReadAsync(long kbId, string modelId, string languages, IReadOnlyCollection<long>? chunkIds,
        CancellationToken cancellationToken = default) =>
        PostgresFailures.RunAsync<IReadOnlyList<StoredVector>>("read chunk vectors", async () =>
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (chunkIds is { Count: 0 })
            {
                return [];
            }

            await using NpgsqlConnection connection = await _database.ConnectAsync(cancellationToken).ConfigureAwait(false);
            await using NpgsqlCommand command = chunkIds is null
                ? PostgresDatabase.Command(connection, null, """
                    SELECT chunk_id, vector FROM chunk_vectors
                    WHERE kb_id = @kb AND model = @model AND (vector IS NOT NULL OR skipped_for = @languages) ORDER BY chunk_id;
                    """, ("kb", kbId), ("model", modelId), ("languages", languages))
                : PostgresDatabase.Command(connection, null, """
                    SELECT chunk_id, vector FROM chunk_vectors
                    WHERE chunk_id = ANY(@ids) AND model = @model AND kb_id = @kb AND (vector IS NOT NULL OR skipped_for = @languages) ORDER BY chunk_id;
                    """, ("ids", chunkIds.ToArray()), ("kb", kbId), ("model", modelId), ("languages", languages));
            await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var found = new List<StoredVector>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                found.Add(new StoredVector(reader.GetInt64(0), reader.IsDBNull(1) ? (ReadOnlyMemory<float>?)null : Decode(_database.Reveal(reader.GetString(1)))));
            }

            return found;
        });

    /// <summary>A vector as base64 of its little-endian float32 bytes.</summary>
    internal static string Encode(ReadOnlySpan<float> vector) => Convert.ToBase64String(MemoryMarshal.AsBytes(vector));

    /// <summary>The vector <see cref="Encode"/> wrote.</summary>
    internal static float[] Decode(string encoded)
    {
        byte[] bytes = Convert.FromBase64String(encoded);
        if (bytes.Length % sizeof(float) != 0)
        {
            throw new InvalidDataException("a stored chunk vector is not a whole number of float32 values");
        }

        return MemoryMarshal.Cast<byte, float>(bytes).ToArray();
    }
}
