using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;
using Zhiku.Core.Security;
using Zhiku.Core.Storage.Postgres;
using Zhiku.Core.Storage.Sqlite;

namespace Zhiku.Core.Storage.Copy;

/// <summary>
/// Copies an embedded store (its <c>zhiku.db</c>, read through a read-only connection, and its <c>vault/</c> files) into
/// a PostgreSQL database with the same ids, text exactly as stored (encrypted text stays encrypted under the same key),
/// and the vectors a <see cref="Func{T1, T2, TResult}"/> reads for each knowledge base, so nothing is re-embedded. Each
/// batch is one statement that skips rows already there, so a copy interrupted and run again finishes without
/// duplicating anything; the database remembers which store it was copied from and refuses another store's data. At the
/// end every table is counted and summed on both sides (<see cref="CopyCheck"/>). The embedded store is never written.
/// </summary>
public sealed class EmbeddedStoreCopy
{
    private const int Batch = 1000;
    private const string SourceKey = "copied_from";

    private readonly StoreLayout _source;
    private readonly PostgresDatabase _target;
    private readonly Func<long, CancellationToken, Task<VectorExport?>> _vectors;
    private readonly IProgress<CopyProgress>? _progress;
    private readonly EncryptionKey? _key;

    /// <param name="source">The embedded store (its <c>zhiku.db</c> must exist).</param>
    /// <param name="key">The store's key (null: it has none).</param>
    /// <param name="target">The PostgreSQL database, open (migrated) with the same key.</param>
    /// <param name="vectors">Reads a knowledge base's vectors from the store folder (null: it has none).</param>
    /// <param name="progress">Told each table's progress.</param>
    public EmbeddedStoreCopy(StoreLayout source, EncryptionKey? key, PostgresDatabase target, Func<long, CancellationToken, Task<VectorExport?>> vectors,
        IProgress<CopyProgress>? progress = null)
    {
        _source = source;
        _key = key;
        _target = target;
        _vectors = vectors;
        _progress = progress;
    }

    /// <summary>Copies everything and checks it.</summary>
    /// <returns>Each table's check, in copy order; every one matches (a mismatch throws).</returns>
    /// <exception cref="ZhikuException"><see cref="ErrorKind.InvalidInput"/> naming the store folder: no store there, or
    /// its schema is older or newer than this Zhiku's; <see cref="ErrorKind.Forbidden"/>: the store is encrypted and the
    /// key is missing or another; <see cref="ErrorKind.Conflict"/> naming the database: it holds data that was not copied
    /// from this store, or a table's rows differ after the copy (the message names the table);
    /// <see cref="ErrorKind.Unavailable"/>: PostgreSQL cannot be reached now.</exception>
    public async Task<IReadOnlyList<CopyCheck>> RunAsync(CancellationToken cancellationToken = default)
    {
        bool[] sidecars = Sidecars(_source);
        try
        {
            return await CopyAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            RemoveCreatedSidecars(_source, sidecars);
        }
    }

    private async Task<IReadOnlyList<CopyCheck>> CopyAsync(CancellationToken cancellationToken)
    {
        await using SqliteConnection source = await OpenSourceAsync(_source, _key, cancellationToken).ConfigureAwait(false);
        await ClaimTargetAsync(source, cancellationToken).ConfigureAwait(false);
        var checks = new List<CopyCheck>();
        foreach (CopyTable table in CopyTables.All)
        {
            checks.Add(await PostgresFailures.RunAsync($"copy table {table.Name}",
                () => CopyTableAsync(source, table, cancellationToken)).ConfigureAwait(false));
        }

        checks.Add(await PostgresFailures.RunAsync("copy the pseudonym vault", () => CopyVaultAsync(cancellationToken)).ConfigureAwait(false));
        checks.Add(await CopyVectorsAsync(source, cancellationToken).ConfigureAwait(false));
        await PostgresFailures.RunAsync("record the copied documents in the change log", () => LogDocumentsAsync(cancellationToken)).ConfigureAwait(false);
        await PostgresFailures.RunAsync("advance the id sequences", () => AdvanceSequencesAsync(cancellationToken)).ConfigureAwait(false);

        CopyCheck? wrong = checks.FirstOrDefault(c => !c.Matches);
        if (wrong is not null)
        {
            throw ZhikuException.Conflict(
                $"{_target.Url}: table {wrong.Table} differs after the copy: {wrong.SourceRows} rows (checksum {wrong.SourceChecksum}) in the embedded store, " +
                $"{wrong.TargetRows} (checksum {wrong.TargetChecksum}) in PostgreSQL; the database holds other rows for it (copy into an empty database or " +
                $"schema) or the store changed during the copy (run the copy again) / 复制后表 {wrong.Table} 的行数或校验和不一致", _target.Url.Subject);
        }

        return checks;
    }

    /// <summary>Checks that <paramref name="source"/> can be copied with <paramref name="key"/> (before anything is
    /// written to the database, so a wrong key is not recorded there).</summary>
    /// <exception cref="ZhikuException">As <see cref="RunAsync"/> for the store folder and the key.</exception>
    public static async Task CheckSourceAsync(StoreLayout source, EncryptionKey? key, CancellationToken cancellationToken = default)
    {
        bool[] sidecars = Sidecars(source);
        try
        {
            await using SqliteConnection connection = await OpenSourceAsync(source, key, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            RemoveCreatedSidecars(source, sidecars);
        }
    }

    /// <summary>Whether SQLite's -wal and -shm files exist beside the store's database now.</summary>
    private static bool[] Sidecars(StoreLayout store) => [File.Exists(store.DatabasePath + "-wal"), File.Exists(store.DatabasePath + "-shm")];

    /// <summary>A read-only connection to a WAL database leaves an empty -wal (and a -shm) it cannot remove itself: the
    /// ones this copy created are removed, so the folder holds the same files as before. A -wal with content belongs to
    /// a writer and is kept.</summary>
    private static void RemoveCreatedSidecars(StoreLayout store, bool[] existed)
    {
        string wal = store.DatabasePath + "-wal", shm = store.DatabasePath + "-shm";
        try
        {
            if (!existed[0] && File.Exists(wal) && new FileInfo(wal).Length == 0)
            {
                File.Delete(wal);
                if (!existed[1] && File.Exists(shm))
                {
                    File.Delete(shm);
                }
            }
        }
        catch (IOException)
        {
            // another process has the store open: its files are its own
        }
    }

    private static async Task<SqliteConnection> OpenSourceAsync(StoreLayout store, EncryptionKey? key, CancellationToken cancellationToken)
    {
        string path = store.DatabasePath;
        if (!File.Exists(path))
        {
            throw ZhikuException.InvalidInput($"{store.Root}: no embedded store here ({path} does not exist); name the store folder to copy / 此目录下没有嵌入式存储",
                store.Root);
        }

        // Read-only and unpooled: the copy never writes to the store, and closes its file when done.
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            string? version = await ScalarAsync(connection, "SELECT value FROM meta WHERE key = 'schema_version';", cancellationToken).ConfigureAwait(false) as string;
            int found = int.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out int v) ? v : 0;
            if (found != SqliteMigrations.Latest)
            {
                throw ZhikuException.InvalidInput(found > SqliteMigrations.Latest
                    ? $"{store.Root}: the store has schema version {found}, newer than this Zhiku knows ({SqliteMigrations.Latest}); copy it with the Zhiku that wrote it / 存储结构版本高于本程序"
                    : $"{store.Root}: the store has schema version {found}, older than this Zhiku's {SqliteMigrations.Latest}; open it once (e.g. `zhiku kb list --store {store.Root}`) to upgrade it, then copy / 存储结构版本较旧，请先用 zhiku 打开一次以升级",
                    store.Root);
            }

            // Text is copied as stored, but the vectors are read through the key and written under it: it must be the store's.
            new StoredText(key is null ? null : new TextCipher(key)).MustRecordKey(await ScalarAsync(connection, "SELECT value FROM meta WHERE key = 'encryption_key_id';", cancellationToken)
                .ConfigureAwait(false) as string);
            return connection;
        }
        catch (SqliteException ex)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw ZhikuException.InvalidInput($"{store.Root}: the embedded store cannot be read: {ex.Message} / 无法读取嵌入式存储", store.Root, ex);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Records which store the database is a copy of, or finds it already recorded (a resumed copy); refuses a
    /// database that holds knowledge bases or users of its own.</summary>
    private async Task ClaimTargetAsync(SqliteConnection source, CancellationToken cancellationToken)
    {
        string fingerprint = await FingerprintAsync(source, cancellationToken).ConfigureAwait(false);
        await PostgresFailures.RunAsync("check the target database", async () =>
        {
            await using NpgsqlConnection connection = await _target.ConnectAsync(cancellationToken).ConfigureAwait(false);
            await using NpgsqlTransaction transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await PostgresDatabase.ExecuteAsync(connection, transaction, "LOCK TABLE meta IN EXCLUSIVE MODE;", cancellationToken).ConfigureAwait(false);
            await using (NpgsqlCommand read = PostgresDatabase.Command(connection, transaction, $"""
                SELECT (SELECT value FROM meta WHERE key = '{SourceKey}'), (SELECT COUNT(*) FROM kbs), (SELECT COUNT(*) FROM users), (SELECT COUNT(*) FROM documents);
                """))
            await using (NpgsqlDataReader reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                string? recorded = reader.IsDBNull(0) ? null : reader.GetString(0);
                long kbs = reader.GetInt64(1), users = reader.GetInt64(2), documents = reader.GetInt64(3);
                if (recorded == fingerprint)
                {
                    return; // resuming this store's copy
                }

                if (recorded is not null || kbs + users + documents > 0)
                {
                    throw ZhikuException.Conflict(
                        $"{_target.Url}: the database already holds data that was not copied from this store ({kbs} knowledge bases, {users} users, {documents} documents" +
                        (recorded is null ? "" : ", copied from another store") + "); copy into an empty database or schema / 目标数据库已有其他数据，请复制到空数据库或空模式",
                        _target.Url.Subject);
                }
            }

            await PostgresDatabase.ExecuteAsync(connection, transaction, "INSERT INTO meta(key, value) VALUES(@k, @v);", cancellationToken,
                ("k", SourceKey), ("v", fingerprint)).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }).ConfigureAwait(false);
    }

    /// <summary>What identifies the store across runs: its knowledge bases and users with their creation times.</summary>
    private static async Task<string> FingerprintAsync(SqliteConnection source, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        foreach (string sql in (string[])["SELECT id, name, created_at FROM kbs ORDER BY id;", "SELECT id, name, created_at FROM users ORDER BY id;"])
        {
            await using SqliteCommand command = source.CreateCommand();
            command.CommandText = sql;
            await using SqliteDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                text.Append(reader.GetInt64(0)).Append('\u001f').Append(reader.GetString(1)).Append('\u001f').Append(reader.GetString(2)).Append('\u001e');
            }

            text.Append('\u001d');
        }

        return "sqlite:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    private async Task<CopyCheck> CopyTableAsync(SqliteConnection source, CopyTable table, CancellationToken cancellationToken)
    {
        long total = Convert.ToInt64(await ScalarAsync(source, $"SELECT COUNT(*) FROM {table.Name};", cancellationToken).ConfigureAwait(false),
            CultureInfo.InvariantCulture);
        var sourceSum = new RowChecksum();
        long written = 0, read = 0;
        var batch = new List<object?[]>(Batch);
        _progress?.Report(new CopyProgress(table.Name, 0, total));
        await using (SqliteCommand command = source.CreateCommand())
        {
            command.CommandText = table.SelectSql;
            await using SqliteDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                object?[] row = SourceRow(reader, table);
                foreach (object?[] target in table.Expand?.Invoke(row) ?? [row])
                {
                    sourceSum.Add(target);
                    batch.Add(target);
                }

                read++;
                if (batch.Count >= Batch)
                {
                    written += await InsertAsync(table, batch, cancellationToken).ConfigureAwait(false);
                    batch.Clear();
                    _progress?.Report(new CopyProgress(table.Name, read, total));
                }
            }
        }

        written += await InsertAsync(table, batch, cancellationToken).ConfigureAwait(false);
        _progress?.Report(new CopyProgress(table.Name, read, total));
        RowChecksum targetSum = await TargetChecksumAsync($"SELECT {string.Join(", ", table.Columns.Select(c => c.Quoted))} FROM {table.Name};",
            null, cancellationToken).ConfigureAwait(false);
        return new CopyCheck(table.Name, sourceSum.Count, targetSum.Count, written, sourceSum.Hex, targetSum.Hex);
    }

    /// <summary>A SQLite row as the values PostgreSQL takes; a value that cannot be converted names its table and column.</summary>
    private static object?[] SourceRow(SqliteDataReader reader, CopyTable table)
    {
        IReadOnlyList<CopyColumn> columns = table.Read;
        var row = new object?[columns.Count];
        for (int i = 0; i < columns.Count; i++)
        {
            if (reader.IsDBNull(i))
            {
                continue;
            }

            try
            {
                row[i] = columns[i].Kind switch
                {
                    CopyKind.Int64 => reader.GetInt64(i),
                    CopyKind.Int32 => checked((int)reader.GetInt64(i)),
                    CopyKind.Text => reader.GetString(i),
                    CopyKind.Bool => reader.GetInt64(i) != 0,
                    CopyKind.Time => Time(reader.GetString(i)),
                    CopyKind.Real => reader.GetDouble(i),
                    CopyKind.IdList => reader.GetString(i).Split(',', StringSplitOptions.RemoveEmptyEntries)
                        .Select(id => long.Parse(id, NumberStyles.Integer, CultureInfo.InvariantCulture)).ToArray(),
                    _ => throw new InvalidOperationException("unknown column kind"),
                };
            }
            catch (Exception ex) when (ex is FormatException or OverflowException or InvalidCastException)
            {
                throw ZhikuException.InvalidInput(
                    $"table {table.Name}, column {columns[i].Name}: the stored value cannot be copied ({ex.Message}) / 该列的值无法复制", table.Name, ex);
            }
        }

        return row;
    }

    /// <summary>A stored time as timestamptz holds it: UTC, to the microsecond.</summary>
    private static DateTimeOffset Time(string stored)
    {
        DateTimeOffset time = DateTimeOffset.Parse(stored, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
        return new DateTimeOffset(time.UtcTicks - time.UtcTicks % 10, TimeSpan.Zero);
    }

    /// <summary>Writes rows not already there in one statement; returns how many it wrote.</summary>
    private async Task<long> InsertAsync(CopyTable table, List<object?[]> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return 0;
        }

        IReadOnlyList<CopyColumn> columns = table.Columns;
        await using NpgsqlConnection connection = await _target.ConnectAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand { Connection = connection };
        var expressions = new List<string>(columns.Count);
        for (int i = 0; i < columns.Count; i++)
        {
            command.Parameters.Add(Parameter("p" + i.ToString(CultureInfo.InvariantCulture), columns[i].Kind, rows, i));
            expressions.Add(columns[i].Kind == CopyKind.IdList ? $"u.c{i}::bigint[]" : $"u.c{i}");
        }

        command.CommandText = $"""
            INSERT INTO {table.Name}({string.Join(", ", columns.Select(c => c.Quoted))})
            SELECT {string.Join(", ", expressions)}
            FROM unnest({string.Join(", ", columns.Select((_, i) => "@p" + i.ToString(CultureInfo.InvariantCulture)))})
                AS u({string.Join(", ", columns.Select((_, i) => "c" + i.ToString(CultureInfo.InvariantCulture)))})
            ON CONFLICT DO NOTHING;
            """;
        // One statement: it writes all of the batch or nothing, so cancelling it between batches leaves whole batches.
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static NpgsqlParameter Parameter(string name, CopyKind kind, List<object?[]> rows, int column) => kind switch
    {
        CopyKind.Int64 => new NpgsqlParameter(name, NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = rows.Select(r => (long?)r[column]).ToArray() },
        CopyKind.Int32 => new NpgsqlParameter(name, NpgsqlDbType.Array | NpgsqlDbType.Integer) { Value = rows.Select(r => (int?)r[column]).ToArray() },
        CopyKind.Text => new NpgsqlParameter(name, NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = rows.Select(r => (string?)r[column]).ToArray() },
        CopyKind.Bool => new NpgsqlParameter(name, NpgsqlDbType.Array | NpgsqlDbType.Boolean) { Value = rows.Select(r => (bool?)r[column]).ToArray() },
        CopyKind.Time => new NpgsqlParameter(name, NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { Value = rows.Select(r => (DateTimeOffset?)r[column]).ToArray() },
        CopyKind.Real => new NpgsqlParameter(name, NpgsqlDbType.Array | NpgsqlDbType.Double) { Value = rows.Select(r => (double?)r[column]).ToArray() },
        // Arrays of arrays do not unnest row by row: each list goes as its array literal and is cast back.
        CopyKind.IdList => new NpgsqlParameter(name, NpgsqlDbType.Array | NpgsqlDbType.Text)
        {
            Value = rows.Select(r => r[column] is long[] ids ? "{" + string.Join(',', ids) + "}" : null).ToArray(),
        },
        _ => throw new InvalidOperationException("unknown column kind"),
    };

    private async Task<RowChecksum> TargetChecksumAsync(string sql, Func<NpgsqlDataReader, object?[]>? read, CancellationToken cancellationToken,
        params (string Name, object? Value)[] parameters)
    {
        var sum = new RowChecksum();
        await using NpgsqlConnection connection = await _target.ConnectAsync(cancellationToken).ConfigureAwait(false);
        await using NpgsqlCommand command = PostgresDatabase.Command(connection, null, sql, parameters);
        await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (read is not null)
            {
                sum.Add(read(reader));
                continue;
            }

            var row = new object?[reader.FieldCount];
            for (int i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            sum.Add(row);
        }

        return sum;
    }

    /// <summary>The vault's files (one per conversation, named by its session key) become rows with the same blob.</summary>
    private async Task<CopyCheck> CopyVaultAsync(CancellationToken cancellationToken)
    {
        string folder = _source.VaultFolder;
        string[] files = Directory.Exists(folder) ? Directory.GetFiles(folder, "*.vault") : [];
        var sourceSum = new RowChecksum();
        long written = 0;
        _progress?.Report(new CopyProgress("vault", 0, files.Length));
        await using NpgsqlConnection connection = await _target.ConnectAsync(cancellationToken).ConfigureAwait(false);
        for (int i = 0; i < files.Length; i++)
        {
            string key = Path.GetFileNameWithoutExtension(files[i]);
            byte[] blob = await File.ReadAllBytesAsync(files[i], cancellationToken).ConfigureAwait(false);
            sourceSum.Add([key, blob]);
            written += await PostgresDatabase.ExecuteAsync(connection, null, """
                INSERT INTO vault(session_key, blob, version, updated_at) VALUES(@k, @b, 1, @t) ON CONFLICT(session_key) DO NOTHING;
                """, cancellationToken, ("k", key), ("b", blob), ("t", new DateTimeOffset(File.GetLastWriteTimeUtc(files[i]), TimeSpan.Zero))).ConfigureAwait(false);
            _progress?.Report(new CopyProgress("vault", i + 1, files.Length));
        }

        RowChecksum targetSum = await TargetChecksumAsync("SELECT session_key, blob FROM vault;", null, cancellationToken).ConfigureAwait(false);
        return new CopyCheck("vault", sourceSum.Count, targetSum.Count, written, sourceSum.Hex, targetSum.Hex);
    }

    /// <summary>Each knowledge base's vectors, for the chunks the store has, written where PostgreSQL has none yet.</summary>
    private async Task<CopyCheck> CopyVectorsAsync(SqliteConnection source, CancellationToken cancellationToken)
    {
        var vectorStore = new PostgresVectorStore(_target);
        var sourceSum = new RowChecksum();
        var targetSum = new RowChecksum();
        long written = 0;
        foreach (long kbId in await ReadIdsAsync(source, "SELECT id FROM kbs ORDER BY id;", null, cancellationToken).ConfigureAwait(false))
        {
            VectorExport? export = await _vectors(kbId, cancellationToken).ConfigureAwait(false);
            if (export is null)
            {
                continue;
            }

            var chunks = new HashSet<long>(await ReadIdsAsync(source,
                "SELECT c.id FROM chunks c JOIN documents d ON d.id = c.doc_id WHERE d.kb_id = $kb;", kbId, cancellationToken).ConfigureAwait(false));
            List<StoredVector> kept = export.Vectors.Where(v => chunks.Contains(v.ChunkId)).ToList();
            foreach (StoredVector vector in kept)
            {
                sourceSum.Add(VectorRow(vector.ChunkId, export.ModelId, vector.Vector is { } v ? PostgresVectorStore.Encode(v.Span) : null,
                    vector.Skipped ? export.Languages : null));
            }

            IReadOnlyList<StoredVector> present = await vectorStore.ReadAsync(kbId, export.ModelId, export.Languages, null, cancellationToken).ConfigureAwait(false);
            var have = new HashSet<long>(present.Select(v => v.ChunkId));
            List<StoredVector> missing = kept.Where(v => !have.Contains(v.ChunkId)).ToList();
            long done = 0;
            _progress?.Report(new CopyProgress($"chunk_vectors ({kbId})", 0, missing.Count));
            foreach (StoredVector[] batch in missing.Chunk(Batch))
            {
                await vectorStore.SaveAsync(kbId, export.ModelId, export.Languages, batch, cancellationToken).ConfigureAwait(false);
                written += batch.Length;
                done += batch.Length;
                _progress?.Report(new CopyProgress($"chunk_vectors ({kbId})", done, missing.Count));
            }

            foreach (StoredVector vector in await vectorStore.ReadAsync(kbId, export.ModelId, export.Languages, null, cancellationToken).ConfigureAwait(false))
            {
                targetSum.Add(VectorRow(vector.ChunkId, export.ModelId, vector.Vector is { } v ? PostgresVectorStore.Encode(v.Span) : null,
                    vector.Skipped ? export.Languages : null));
            }
        }

        return new CopyCheck("chunk_vectors", sourceSum.Count, targetSum.Count, written, sourceSum.Hex, targetSum.Hex);
    }

    private static object?[] VectorRow(long chunkId, string model, string? vector, string? skippedFor) => [chunkId, model, vector, skippedFor];

    /// <summary>Tells index replicas about every copied document, once: documents without an "added" change get one.</summary>
    private async Task LogDocumentsAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            await using NpgsqlConnection connection = await _target.ConnectAsync(cancellationToken).ConfigureAwait(false);
            await using NpgsqlTransaction transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            var unlogged = new List<(long KbId, long DocId, ChunkChangeKind Kind, int Chunks)>();
            await using (NpgsqlCommand command = PostgresDatabase.Command(connection, transaction, """
                SELECT d.kb_id, d.id, d.chunk_count FROM documents d
                WHERE NOT EXISTS (SELECT 1 FROM changes c WHERE c.doc_id = d.id AND c.kind = 'added') ORDER BY d.id LIMIT @n;
                """, ("n", Batch)))
            await using (NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    unlogged.Add((reader.GetInt64(0), reader.GetInt64(1), ChunkChangeKind.Added, reader.GetInt32(2)));
                }
            }

            if (unlogged.Count == 0)
            {
                return;
            }

            await PostgresChangeLog.AppendAsync(connection, transaction, unlogged, cancellationToken).ConfigureAwait(false);
            await PostgresDatabase.CommitUnlessCancelledAsync(transaction, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Identity columns were given ids explicitly: their sequences move past the highest so new rows do not collide.</summary>
    private async Task AdvanceSequencesAsync(CancellationToken cancellationToken)
    {
        await using NpgsqlConnection connection = await _target.ConnectAsync(cancellationToken).ConfigureAwait(false);
        foreach (CopyTable table in CopyTables.All.Where(t => t.HasIdentity))
        {
            await PostgresDatabase.ExecuteAsync(connection, null,
                $"SELECT setval(pg_get_serial_sequence('{table.Name}', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM {table.Name};", cancellationToken)
                .ConfigureAwait(false);
        }
    }

    private static async Task<List<long>> ReadIdsAsync(SqliteConnection connection, string sql, long? kbId, CancellationToken cancellationToken)
    {
        await using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        if (kbId is { } kb)
        {
            command.Parameters.AddWithValue("$kb", kb);
        }

        await using SqliteDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var ids = new List<long>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            ids.Add(reader.GetInt64(0));
        }

        return ids;
    }

    private static async Task<object?> ScalarAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        object? value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return value is DBNull ? null : value;
    }
}
