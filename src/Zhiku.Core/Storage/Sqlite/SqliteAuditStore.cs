using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Zhiku.Core.Storage.Sqlite;

/// <summary>The audit log in the store's SQLite file (table <c>audit_log</c>, created by the store's migrations); the
/// messages sent are stored encrypted when the store has a key.</summary>
public sealed class SqliteAuditStore : IAuditStore
{
    private const string Columns = "id, time, user, kb, provider, model, local, status, duration_ms, placeholders, sent";

    private readonly MetadataStore _metadata;

    /// <summary>The audit table of a store (made by <see cref="MetadataStore.Open"/>).</summary>
    public SqliteAuditStore(MetadataStore metadata)
    {
        this._metadata = metadata;
    }

    /// <inheritdoc/>
    public Task<long> AppendAsync(AuditRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        return SqliteFailures.RunAsync("record a model request in the audit log", async () =>
        {
            await using SqliteConnection connection = await _metadata.ConnectAsync(cancellationToken).ConfigureAwait(false);
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = """
                INSERT INTO audit_log(time, user, kb, provider, model, local, status, duration_ms, placeholders, sent)
                VALUES($time, $user, $kb, $provider, $model, $local, $status, $duration, $placeholders, $sent) RETURNING id;
                """;
            command.Parameters.AddWithValue("$time", record.Time.ToString("O", CultureInfo.InvariantCulture));
            command.Parameters.AddWithValue("$user", record.User);
            command.Parameters.AddWithValue("$kb", record.KnowledgeBase);
            command.Parameters.AddWithValue("$provider", record.Provider);
            command.Parameters.AddWithValue("$model", record.Model);
            command.Parameters.AddWithValue("$local", record.Local ? 1 : 0);
            command.Parameters.AddWithValue("$status", record.Status);
            command.Parameters.AddWithValue("$duration", record.DurationMs);
            command.Parameters.AddWithValue("$placeholders", JsonSerializer.Serialize(record.PlaceholderCounts));
            command.Parameters.AddWithValue("$sent", _metadata.Protect(JsonSerializer.Serialize(record.Sent.Select(m => new[] { m.Role, m.Text }))));
            return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        });
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<AuditRecord>> ListAsync(int limit = 50, string? knowledgeBase = null, CancellationToken cancellationToken = default) =>
        ReadAsync($"SELECT {Columns} FROM audit_log" + (knowledgeBase is null ? "" : " WHERE kb = $kb") + " ORDER BY id DESC LIMIT $limit;",
            cancellationToken, ("$kb", knowledgeBase), ("$limit", Math.Max(1, limit)));

    /// <inheritdoc/>
    public async Task<AuditRecord?> GetAsync(long id, CancellationToken cancellationToken = default) =>
        await ReadAsync($"SELECT {Columns} FROM audit_log WHERE id = $id;", cancellationToken, ("$id", id)).ConfigureAwait(false) is [var record, ..]
            ? record
            : null;

    private Task<IReadOnlyList<AuditRecord>> ReadAsync(string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters) =>
        SqliteFailures.RunAsync<IReadOnlyList<AuditRecord>>("read the audit log", async () =>
        {
            await using SqliteConnection connection = await _metadata.ConnectAsync(cancellationToken).ConfigureAwait(false);
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = sql;
            foreach ((string name, object? value) in parameters)
            {
                command.Parameters.AddWithValue(name, value ?? DBNull.Value);
            }

            await using SqliteDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var list = new List<AuditRecord>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var placeholders = JsonSerializer.Deserialize<Dictionary<string, int>>(reader.GetString(9)) ?? [];
                string[][] sent = JsonSerializer.Deserialize<string[][]>(_metadata.Reveal(reader.GetString(10))) ?? [];
                list.Add(new AuditRecord(reader.GetInt64(0), MetadataStore.ParseTime(reader.GetString(1)), reader.GetString(2), reader.GetString(3),
                    reader.GetString(4), reader.GetString(5), reader.GetInt32(6) != 0, reader.GetString(7), reader.GetInt64(8),
                    placeholders, sent.Select(m => new AuditedMessage(m[0], m[1])).ToList()));
            }

            return list;
        });
}
