using System.Globalization;
using Npgsql;

namespace Zhiku.Core.Storage.Postgres;

/// <summary>The parse quarantine in PostgreSQL (table <c>parse_quarantine</c>, made by <see cref="PostgresMigrations"/>);
/// a worker death is counted with one upsert, so nodes counting the same file at once lose no death.</summary>
public sealed class PostgresQuarantineStore : IQuarantineStore
{
    private const string Columns = "content_hash, name, kills, reason, updated_at";

    private readonly PostgresDatabase _database;

    /// <summary>The quarantine table of an open database.</summary>
    public PostgresQuarantineStore(PostgresDatabase database)
    {
        _database = database;
    }

    /// <inheritdoc/>
    public Task<QuarantinedFile> RecordKillAsync(long kbId, string contentHash, string name, string reason, CancellationToken cancellationToken = default) =>
        PostgresFailures.RunAsync("record a parser worker's death", async () =>
        {
            await using NpgsqlConnection connection = await _database.ConnectAsync(cancellationToken).ConfigureAwait(false);
            await using NpgsqlCommand command = PostgresDatabase.Command(connection, null, $"""
                INSERT INTO parse_quarantine(kb_id, content_hash, name, kills, reason, updated_at) VALUES(@kb, @h, @n, 1, @r, @now)
                ON CONFLICT(kb_id, content_hash) DO UPDATE SET kills = parse_quarantine.kills + 1, name = excluded.name, reason = excluded.reason,
                    updated_at = excluded.updated_at
                RETURNING {Columns};
                """, ("kb", kbId), ("h", contentHash), ("n", name), ("r", reason), ("now", PostgresDatabase.Now()));
            try
            {
                return (await ReadAsync(command, cancellationToken).ConfigureAwait(false))[0];
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresFailures.ForeignKeyViolation)
            {
                throw ZhikuException.NotFound($"knowledge base {kbId} does not exist / 知识库不存在", kbId.ToString(CultureInfo.InvariantCulture), ex);
            }
        });

    /// <inheritdoc/>
    public Task<QuarantinedFile?> FindAsync(long kbId, string contentHash, CancellationToken cancellationToken = default) =>
        PostgresFailures.RunAsync("read the parse quarantine", async () =>
        {
            await using NpgsqlConnection connection = await _database.ConnectAsync(cancellationToken).ConfigureAwait(false);
            await using NpgsqlCommand command = PostgresDatabase.Command(connection, null,
                $"SELECT {Columns} FROM parse_quarantine WHERE kb_id = @kb AND content_hash = @h;", ("kb", kbId), ("h", contentHash));
            return (await ReadAsync(command, cancellationToken).ConfigureAwait(false)).FirstOrDefault();
        });

    /// <inheritdoc/>
    public Task<IReadOnlyList<QuarantinedFile>> ListAsync(long kbId, CancellationToken cancellationToken = default) =>
        PostgresFailures.RunAsync<IReadOnlyList<QuarantinedFile>>("list quarantined files", async () =>
        {
            await using NpgsqlConnection connection = await _database.ConnectAsync(cancellationToken).ConfigureAwait(false);
            await using NpgsqlCommand command = PostgresDatabase.Command(connection, null,
                $"SELECT {Columns} FROM parse_quarantine WHERE kb_id = @kb AND kills >= @k ORDER BY updated_at DESC;",
                ("kb", kbId), ("k", IQuarantineStore.KillsToQuarantine));
            return await ReadAsync(command, cancellationToken).ConfigureAwait(false);
        });

    /// <inheritdoc/>
    public Task ClearAsync(long kbId, string contentHash, CancellationToken cancellationToken = default) =>
        PostgresFailures.RunAsync("clear a file from the parse quarantine", async () =>
        {
            await using NpgsqlConnection connection = await _database.ConnectAsync(cancellationToken).ConfigureAwait(false);
            await PostgresDatabase.ExecuteAsync(connection, null, "DELETE FROM parse_quarantine WHERE kb_id = @kb AND content_hash = @h;", cancellationToken,
                ("kb", kbId), ("h", contentHash)).ConfigureAwait(false);
        });

    private static async Task<List<QuarantinedFile>> ReadAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var files = new List<QuarantinedFile>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            files.Add(new QuarantinedFile(reader.GetString(0), reader.GetString(1), reader.GetInt32(2), reader.GetString(3),
                reader.GetFieldValue<DateTimeOffset>(4)));
        }

        return files;
    }
}
