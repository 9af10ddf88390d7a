using Npgsql;

namespace Zhiku.Core.Storage.Postgres;

/// <summary>
/// The keys the nodes share in PostgreSQL (table <c>shared_keys</c>, made by <see cref="PostgresMigrations"/>): one row
/// per Data Protection key element (<c>kind = 'data-protection'</c>) or named secret (<c>kind = 'secret'</c>, base64),
/// each value stored as <see cref="PostgresDatabase.Protect"/> writes text (encrypted under the store key when one is
/// configured). Both writes are one <c>INSERT … ON CONFLICT DO NOTHING</c>, so nodes writing at once never fail and the
/// first row stored is the one every node reads.
/// </summary>
public sealed class PostgresSharedKeyStore : ISharedKeyStore
{
    private const string DataProtection = "data-protection";
    private const string Secret = "secret";
    private readonly PostgresDatabase _database;

    /// <summary>The shared keys of an open database.</summary>
    public PostgresSharedKeyStore(PostgresDatabase database)
    {
        _database = database;
    }

    /// <inheritdoc/>
    public IReadOnlyList<string> ReadDataProtectionKeys() => PostgresFailures.Run("read the shared Data Protection keys", () =>
    {
        using NpgsqlConnection connection = _database.Connect();
        using NpgsqlCommand command = PostgresDatabase.Command(connection, null,
            "SELECT value FROM shared_keys WHERE kind = @kind ORDER BY created_at, name;", ("kind", DataProtection));
        using NpgsqlDataReader reader = command.ExecuteReader();
        var stored = new List<string>();
        while (reader.Read())
        {
            stored.Add(reader.GetString(0));
        }

        // Decrypted after the rows are read, so a Forbidden key error does not leave a reader open.
        return (IReadOnlyList<string>)stored.Select(_database.Reveal).ToList();
    });

    /// <inheritdoc/>
    public void AddDataProtectionKey(string name, string xml)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(xml);
        PostgresFailures.Run("store a shared Data Protection key", () => Insert(DataProtection, name, _database.Protect(xml)));
    }

    /// <inheritdoc/>
    public byte[] GetOrCreateSecret(string name, Func<byte[]> create)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(create);
        return PostgresFailures.Run("read a shared secret", () =>
        {
            if (Find(name) is not { } stored)
            {
                Insert(Secret, name, _database.Protect(Convert.ToBase64String(create())));
                // Another node's insert may have come first: what is stored now is the secret.
                stored = Find(name) ?? throw new InvalidOperationException($"shared secret '{name}' vanished after it was stored");
            }

            return Convert.FromBase64String(_database.Reveal(stored));
        });
    }

    private string? Find(string name)
    {
        using NpgsqlConnection connection = _database.Connect();
        using NpgsqlCommand command = PostgresDatabase.Command(connection, null,
            "SELECT value FROM shared_keys WHERE kind = @kind AND name = @name;", ("kind", Secret), ("name", name));
        return command.ExecuteScalar() as string;
    }

    private int Insert(string kind, string name, string value)
    {
        using NpgsqlConnection connection = _database.Connect();
        using NpgsqlCommand command = PostgresDatabase.Command(connection, null, """
            INSERT INTO shared_keys(kind, name, value, created_at) VALUES(@kind, @name, @value, @now)
            ON CONFLICT(kind, name) DO NOTHING;
            """, ("kind", kind), ("name", name), ("value", value), ("now", PostgresDatabase.Now()));
        return command.ExecuteNonQuery();
    }
}
