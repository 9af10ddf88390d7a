using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Zhiku.Core.Storage.Sqlite;

/// <summary>The parse quarantine in the store's SQLite file (table <c>parse_quarantine</c>, created by the store's migrations).</summary>
public sealed class SqliteQuarantineStore : IQuarantineStore
{
    private const string Columns = "content_hash, name, kills, reason, updated_at";

    private readonly MetadataStore _metadata;

    /// <summary>The quarantine table of a store (made by <see cref="MetadataStore.Open"/>).</summary>
    public SqliteQuarantineStore(MetadataStore metadata)
    {
        this._metadata = metadata;
    }

    /// <inheritdoc/>
    public Task<QuarantinedFile> RecordKillAsync(long kbId, string contentHash, string name, string reason, CancellationToken cancellationToken = default) =>
        SqliteFailures.RunAsync("record a parser worker's death", async () =>
        {
            await using SqliteConnection connection = await _metadata.ConnectAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await SqliteDatabase.ExecuteAsync(connection, null, """
                    INSERT INTO parse_quarantine(kb_id, content_hash, name, kills, reason, updated_at) VALUES($kb, $h, $n, 1, $r, $now)
                    ON CONFLICT(kb_id, content_hash) DO UPDATE SET kills = kills + 1, name = $n, reason = $r, updated_at = $now;
                    """, cancellationToken, ("$kb", kbId), ("$h", contentHash), ("$n", name), ("$r", reason), ("$now", MetadataStore.Now())).ConfigureAwait(false);
            }
            catch (SqliteException ex) when (ex.SqliteErrorCode == SqliteFailures.Constraint)
            {
                throw ZhikuException.NotFound($"knowledge base {kbId} does not exist / 知识库不存在", kbId.ToString(CultureInfo.InvariantCulture), ex);
            }

            return (await FindAsync(connection, kbId, contentHash, cancellationToken).ConfigureAwait(false))!;
        });

    /// <inheritdoc/>
    public Task<QuarantinedFile?> FindAsync(long kbId, string contentHash, CancellationToken cancellationToken = default) =>
        SqliteFailures.RunAsync("read the parse quarantine", async () =>
        {
            await using SqliteConnection connection = await _metadata.ConnectAsync(cancellationToken).ConfigureAwait(false);
            return await FindAsync(connection, kbId, contentHash, cancellationToken).ConfigureAwait(false);
        });

    /// <inheritdoc/>
    public Task<IReadOnlyList<QuarantinedFile>> ListAsync(long kbId, CancellationToken cancellationToken = default) =>
        SqliteFailures.RunAsync<IReadOnlyList<QuarantinedFile>>("list quarantined files", async () =>
        {
            await using SqliteConnection connection = await _metadata.ConnectAsync(cancellationToken).ConfigureAwait(false);
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = $"SELECT {Columns} FROM parse_quarantine WHERE kb_id = $kb AND kills >= $k ORDER BY updated_at DESC;";
            command.Parameters.AddWithValue("$kb", kbId);
            command.Parameters.AddWithValue("$k", IQuarantineStore.KillsToQuarantine);
            return await ReadAsync(command, cancellationToken).ConfigureAwait(false);
        });

    /// <inheritdoc/>
    public Task ClearAsync(long kbId, string contentHash, CancellationToken cancellationToken = default) =>
        SqliteFailures.RunAsync("clear a file from the parse quarantine", async () =>
        {
            await using SqliteConnection connection = await _metadata.ConnectAsync(cancellationToken).ConfigureAwait(false);
            await SqliteDatabase.ExecuteAsync(connection, null, "DELETE FROM parse_quarantine WHERE kb_id = $kb AND content_hash = $h;", cancellationToken,
                ("$kb", kbId), ("$h", contentHash)).ConfigureAwait(false);
        });

    private static async Task<QuarantinedFile?> FindAsync(SqliteConnection connection, long kbId, string contentHash, CancellationToken cancellationToken)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM parse_quarantine WHERE kb_id = $kb AND content_hash = $h;";
        command.Parameters.AddWithValue("$kb", kbId);
        command.Parameters.AddWithValue("$h", contentHash);
        return (await ReadAsync(command, cancellationToken).ConfigureAwait(false)).FirstOrDefault();
    }

    private static async Task<List<QuarantinedFile>> ReadAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        await using SqliteDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var files = new List<QuarantinedFile>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            files.Add(new QuarantinedFile(reader.GetString(0), reader.GetString(1), reader.GetInt32(2), reader.GetString(3),
                MetadataStore.ParseTime(reader.GetString(4))));
        }

        return files;
    }
}
