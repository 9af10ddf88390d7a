using System.Text.Json;
using Npgsql;

namespace Zhiku.Core.Storage.Postgres;

/// <summary>The audit log in PostgreSQL (table <c>audit_log</c>, made by <see cref="PostgresMigrations"/>); the
/// messages sent are stored encrypted when the database has a key, in the same JSON form as the embedded store.</summary>
public sealed class PostgresAuditStore : IAuditStore
{
    private const string Columns = "id, time, \"user\", kb, provider, model, local, status, duration_ms, placeholders, sent";

    private readonly PostgresDatabase _database;

    /// <summary>The audit table of an open database.</summary>
    public PostgresAuditStore(PostgresDatabase database)
    {
        _database = database;
    }

    /// <inheritdoc/>
    public Task<long> AppendAsync(AuditRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        return PostgresFailures.RunAsync("record a model request in the audit log", async () =>
        {
            await using NpgsqlConnection connection = await _database.ConnectAsync(cancellationToken).ConfigureAwait(false);
            await using NpgsqlCommand command = PostgresDatabase.Command(connection, null, """
                INSERT INTO audit_log(time, "user", kb, provider, model, local, status, duration_ms, placeholders, sent)
                VALUES(@time, @user, @kb, @provider, @model, @local, @status, @duration, @placeholders, @sent) RETURNING id;
                """, ("time", record.Time.ToUniversalTime()), ("user", record.User), ("kb", record.KnowledgeBase), ("provider", record.Provider),
                ("model", record.Model), ("local", record.Local), ("status", record.Status), ("duration", record.DurationMs),
                ("placeholders", JsonSerializer.Serialize(record.PlaceholderCounts)),
                ("sent", _database.Protect(JsonSerializer.Serialize(record.Sent.Select(m => new[] { m.Role, m.Text })))));
            return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        });
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<AuditRecord>> ListAsync(int limit = 50, string? knowledgeBase = null, CancellationToken cancellationToken = default) =>
        ReadAsync($"SELECT {Columns} FROM audit_log" + (knowledgeBase is null ? "" : " WHERE kb = @kb") + " ORDER BY id DESC LIMIT @limit;",
            cancellationToken, ("kb", knowledgeBase), ("limit", Math.Max(1, limit)));

    /// <inheritdoc/>
    public async Task<AuditRecord?> GetAsync(long id, CancellationToken cancellationToken = default) =>
        await ReadAsync($"SELECT {Columns} FROM audit_log WHERE id = @id;", cancellationToken, ("id", id)).ConfigureAwait(false) is [var record, ..]
            ? record
            : null;

    private Task<IReadOnlyList<AuditRecord>> ReadAsync(string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters) =>
        PostgresFailures.RunAsync<IReadOnlyList<AuditRecord>>("read the audit log", async () =>
        {
            await using NpgsqlConnection connection = await _database.ConnectAsync(cancellationToken).ConfigureAwait(false);
            await using NpgsqlCommand command = PostgresDatabase.Command(connection, null, sql, parameters);
            await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var list = new List<AuditRecord>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var placeholders = JsonSerializer.Deserialize<Dictionary<string, int>>(reader.GetString(9)) ?? [];
                string[][] sent = JsonSerializer.Deserialize<string[][]>(_database.Reveal(reader.GetString(10))) ?? [];
                list.Add(new AuditRecord(reader.GetInt64(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetString(2), reader.GetString(3),
                    reader.GetString(4), reader.GetString(5), reader.GetBoolean(6), reader.GetString(7), reader.GetInt64(8),
                    placeholders, sent.Select(m => new AuditedMessage(m[0], m[1])).ToList()));
            }

            return list;
        });
}
