using System.Globalization;
using Npgsql;
using Zhiku.Core.Access;
using Zhiku.Core.Jobs;

namespace Zhiku.Core.Storage.Postgres;

/// <summary>Ingestion jobs in PostgreSQL (tables <c>jobs</c> and <c>job_files</c>, made by <see cref="PostgresMigrations"/>).</summary>
public sealed class PostgresJobStore : IJobStore
{
    private const string JobColumns =
        "id, kb_id, user_id, kind, status, groups, policy, force, files_total, files_done, bytes_total, bytes_done, chunks, error, created_at, started_at, finished_at";

    private readonly PostgresDatabase _database;

    /// <summary>The job tables of an open database.</summary>
    public PostgresJobStore(PostgresDatabase database)
    {
        _database = database;
    }

    /// <inheritdoc/>
    public Task<JobRecord> CreateAsync(long kbId, long? userId, string kind, IReadOnlyList<NewJobFile> files, IReadOnlyList<string> groups, string? policy,
        bool force, CancellationToken cancellationToken = default) =>
        PostgresFailures.RunAsync("write a job", async () =>
        {
            long id;
            await using (NpgsqlConnection connection = await _database.ConnectAsync(cancellationToken).ConfigureAwait(false))
            {
                await using NpgsqlTransaction transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                await using (NpgsqlCommand insert = PostgresDatabase.Command(connection, transaction, """
                    INSERT INTO jobs(kb_id, user_id, kind, status, groups, policy, force, files_total, bytes_total, created_at)
                    VALUES(@kb, @u, @kind, 'queued', @g, @p, @f, @n, @b, @now) RETURNING id;
                    """, ("kb", kbId), ("u", userId), ("kind", kind), ("g", DocumentGroups.ToColumn(groups)), ("p", policy), ("f", force),
                    ("n", files.Count), ("b", files.Sum(f => f.Size)), ("now", PostgresDatabase.Now())))
                {
                    try
                    {
                        id = (long)(await insert.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
                    }
                    catch (PostgresException ex) when (ex.SqlState == PostgresFailures.ForeignKeyViolation)
                    {
                        throw ZhikuException.NotFound($"knowledge base {kbId} does not exist / 知识库不存在", kbId.ToString(CultureInfo.InvariantCulture), ex);
                    }
                }

                if (files.Count > 0)
                {
                    // One batch for all files: a 300-file upload is one round trip, not 300.
                    await using var batch = new NpgsqlBatch(connection, transaction);
                    for (int i = 0; i < files.Count; i++)
                    {
                        var row = new NpgsqlBatchCommand("""
                            INSERT INTO job_files(job_id, ordinal, name, staged_path, target_path, size, status) VALUES($1, $2, $3, $4, $5, $6, 'queued');
                            """);
                        row.Parameters.Add(new NpgsqlParameter { Value = id });
                        row.Parameters.Add(new NpgsqlParameter { Value = i });
                        row.Parameters.Add(new NpgsqlParameter { Value = _database.Protect(files[i].Name) });
                        row.Parameters.Add(new NpgsqlParameter { Value = files[i].StagedPath });
                        row.Parameters.Add(new NpgsqlParameter { Value = _database.Protect(files[i].TargetPath) });
                        row.Parameters.Add(new NpgsqlParameter { Value = files[i].Size });
                        batch.BatchCommands.Add(row);
                    }

                    await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }

            return (await GetAsync(id, cancellationToken).ConfigureAwait(false))!;
        });

    /// <inheritdoc/>
    public Task<JobRecord?> GetAsync(long id, CancellationToken cancellationToken = default) =>
        PostgresFailures.RunAsync("read a job", async () =>
        {
            await using NpgsqlConnection connection = await _database.ConnectAsync(cancellationToken).ConfigureAwait(false);
            JobRecord? job;
            await using (NpgsqlCommand command = PostgresDatabase.Command(connection, null, $"SELECT {JobColumns} FROM jobs WHERE id = @id;", ("id", id)))
            {
                job = (await ReadJobsAsync(command, cancellationToken).ConfigureAwait(false)).FirstOrDefault();
            }

            return job is null ? null : job with { Files = await ReadFilesAsync(connection, id, cancellationToken).ConfigureAwait(false) };
        });

    /// <inheritdoc/>
    public Task<IReadOnlyList<long>> ListUnfinishedAsync(CancellationToken cancellationToken = default) =>
        PostgresFailures.RunAsync<IReadOnlyList<long>>("list unfinished jobs", async () =>
        {
            await using NpgsqlConnection connection = await _database.ConnectAsync(cancellationToken).ConfigureAwait(false);
            await using NpgsqlCommand command = PostgresDatabase.Command(connection, null, "SELECT id FROM jobs WHERE status IN ('queued', 'running') ORDER BY id;");
            await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var ids = new List<long>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                ids.Add(reader.GetInt64(0));
            }

            return ids;
        });

    /// <inheritdoc/>
    public Task<IReadOnlyList<JobRecord>> ListForKnowledgeBaseAsync(long kbId, int limit = 50, CancellationToken cancellationToken = default) =>
        PostgresFailures.RunAsync<IReadOnlyList<JobRecord>>("list jobs", async () =>
        {
            await using NpgsqlConnection connection = await _database.ConnectAsync(cancellationToken).ConfigureAwait(false);
            await using NpgsqlCommand command = PostgresDatabase.Command(connection, null,
                $"SELECT {JobColumns} FROM jobs WHERE kb_id = @kb ORDER BY id DESC LIMIT @l;", ("kb", kbId), ("l", limit));
            return await ReadJobsAsync(command, cancellationToken).ConfigureAwait(false);
        });

    /// <inheritdoc/>
    public Task MarkStartedAsync(long id, CancellationToken cancellationToken = default) =>
        PostgresFailures.RunAsync("mark a job started", async () =>
        {
            await using NpgsqlConnection connection = await _database.ConnectAsync(cancellationToken).ConfigureAwait(false);
            await PostgresDatabase.ExecuteAsync(connection, null, "UPDATE jobs SET status = 'running', started_at = COALESCE(started_at, @now) WHERE id = @id;",
                cancellationToken, ("now", PostgresDatabase.Now()), ("id", id)).ConfigureAwait(false);
        });

    /// <inheritdoc/>
    public Task<int> MarkFileRunningAsync(long jobId, int ordinal, CancellationToken cancellationToken = default) =>
        PostgresFailures.RunAsync("mark a job's file running", async () =>
        {
            await using NpgsqlConnection connection = await _database.ConnectAsync(cancellationToken).ConfigureAwait(false);
            await using NpgsqlCommand command = PostgresDatabase.Command(connection, null,
                """
                UPDATE job_files SET status = 'running', attempts = attempts + 1
                WHERE job_id = @j AND ordinal = @o AND status IN ('queued', 'running') RETURNING attempts;
                """,
                ("j", jobId), ("o", ordinal));
            return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is int attempts ? attempts : 0;
        });

    /// <inheritdoc/>
    public Task RecordFileAsync(long jobId, int ordinal, string status, string? reason, int documents, int chunks, long size,
        CancellationToken cancellationToken = default) =>
        PostgresFailures.RunAsync("record a job's file", async () =>
        {
            await using NpgsqlConnection connection = await _database.ConnectAsync(cancellationToken).ConfigureAwait(false);
            await using NpgsqlTransaction transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            // The row lock taken by this update makes a concurrent recorder of the same file wait, then find it done.
            int recorded = await PostgresDatabase.ExecuteAsync(connection, transaction, """
                UPDATE job_files SET status = @s, reason = @r, documents = @d, chunks = @c
                WHERE job_id = @j AND ordinal = @o AND status IN ('queued', 'running');
                """, cancellationToken,
                ("s", status), ("r", reason is null ? null : _database.Protect(reason)), ("d", documents), ("c", chunks), ("j", jobId), ("o", ordinal))
                .ConfigureAwait(false);
            if (recorded == 0)
            {
                return;
            }

            await PostgresDatabase.ExecuteAsync(connection, transaction,
                "UPDATE jobs SET files_done = files_done + 1, bytes_done = bytes_done + @b, chunks = chunks + @c WHERE id = @j;", cancellationToken,
                ("b", size), ("c", chunks), ("j", jobId)).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        });

    /// <inheritdoc/>
    public Task MarkFinishedAsync(long id, string? failure, CancellationToken cancellationToken = default) =>
        PostgresFailures.RunAsync("mark a job finished", async () =>
        {
            await using NpgsqlConnection connection = await _database.ConnectAsync(cancellationToken).ConfigureAwait(false);
            await PostgresDatabase.ExecuteAsync(connection, null, "UPDATE jobs SET status = @s, error = @e, finished_at = @now WHERE id = @id;", cancellationToken,
                ("s", failure is null ? JobStatus.Completed : JobStatus.Failed), ("e", failure is null ? null : _database.Protect(failure)),
                ("now", PostgresDatabase.Now()), ("id", id)).ConfigureAwait(false);
        });

    /// <inheritdoc/>
    public Task<long?> ClaimAsync(string nodeId, TimeSpan leaseDuration, CancellationToken cancellationToken = default)
    {
        LeaseArguments.Check(nodeId, leaseDuration);
        return PostgresFailures.RunAsync("claim a job", async () =>
        {
            await using NpgsqlConnection connection = await _database.ConnectAsync(cancellationToken).ConfigureAwait(false);
            // One statement: the row is locked as it is chosen, and rows other claimers hold locked are skipped rather
            // than waited for. Lease times are the database's clock, so nodes with skewed clocks agree on expiry.
            await using NpgsqlCommand command = PostgresDatabase.Command(connection, null, """
                UPDATE jobs SET lease_owner = @node, lease_until = clock_timestamp() + @lease
                WHERE id = (SELECT id FROM jobs
                            WHERE status IN ('queued', 'running') AND (lease_owner IS NULL OR lease_until < clock_timestamp())
                            ORDER BY id LIMIT 1
                            FOR UPDATE SKIP LOCKED)
                RETURNING id;
                """, ("node", nodeId), ("lease", leaseDuration));
            return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long id ? id : (long?)null;
        });
    }

    /// <inheritdoc/>
    public Task<bool> RenewAsync(long jobId, string nodeId, TimeSpan leaseDuration, CancellationToken cancellationToken = default)
    {
        LeaseArguments.Check(nodeId, leaseDuration);
        return PostgresFailures.RunAsync("renew a job lease", async () =>
        {
            await using NpgsqlConnection connection = await _database.ConnectAsync(cancellationToken).ConfigureAwait(false);
            return await PostgresDatabase.ExecuteAsync(connection, null, """
                UPDATE jobs SET lease_until = clock_timestamp() + @lease WHERE id = @id AND lease_owner = @node AND status IN ('queued', 'running');
                """, cancellationToken, ("lease", leaseDuration), ("id", jobId), ("node", nodeId)).ConfigureAwait(false) > 0;
        });
    }

    /// <inheritdoc/>
    public Task ReleaseAsync(long jobId, string nodeId, CancellationToken cancellationToken = default)
    {
        LeaseArguments.CheckNode(nodeId);
        return PostgresFailures.RunAsync("release a job lease", async () =>
        {
            await using NpgsqlConnection connection = await _database.ConnectAsync(cancellationToken).ConfigureAwait(false);
            await PostgresDatabase.ExecuteAsync(connection, null, "UPDATE jobs SET lease_owner = NULL, lease_until = NULL WHERE id = @id AND lease_owner = @node;",
                cancellationToken, ("id", jobId), ("node", nodeId)).ConfigureAwait(false);
        });
    }

    /// <inheritdoc/>
    public Task<int> ReleaseAllAsync(string nodeId, CancellationToken cancellationToken = default)
    {
        LeaseArguments.CheckNode(nodeId);
        return PostgresFailures.RunAsync("release a node's job leases", async () =>
        {
            await using NpgsqlConnection connection = await _database.ConnectAsync(cancellationToken).ConfigureAwait(false);
            return await PostgresDatabase.ExecuteAsync(connection, null, "UPDATE jobs SET lease_owner = NULL, lease_until = NULL WHERE lease_owner = @node;",
                cancellationToken, ("node", nodeId)).ConfigureAwait(false);
        });
    }

    private async Task<List<JobRecord>> ReadJobsAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var jobs = new List<JobRecord>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            jobs.Add(new JobRecord
            {
                Id = reader.GetInt64(0),
                KbId = reader.GetInt64(1),
                UserId = reader.IsDBNull(2) ? null : reader.GetInt64(2),
                Kind = reader.GetString(3),
                Status = reader.GetString(4),
                Groups = DocumentGroups.FromColumn(reader.IsDBNull(5) ? null : reader.GetString(5)),
                Policy = reader.IsDBNull(6) ? null : reader.GetString(6),
                Force = reader.GetBoolean(7),
                FilesTotal = reader.GetInt32(8),
                FilesDone = reader.GetInt32(9),
                BytesTotal = reader.GetInt64(10),
                BytesDone = reader.GetInt64(11),
                Chunks = reader.GetInt32(12),
                Error = reader.IsDBNull(13) ? null : _database.Reveal(reader.GetString(13)),
                CreatedAt = reader.GetFieldValue<DateTimeOffset>(14),
                StartedAt = reader.IsDBNull(15) ? null : reader.GetFieldValue<DateTimeOffset>(15),
                FinishedAt = reader.IsDBNull(16) ? null : reader.GetFieldValue<DateTimeOffset>(16),
            });
        }

        return jobs;
    }

    private async Task<List<JobFile>> ReadFilesAsync(NpgsqlConnection connection, long jobId, CancellationToken cancellationToken)
    {
        await using NpgsqlCommand command = PostgresDatabase.Command(connection, null,
            "SELECT ordinal, name, staged_path, target_path, size, status, reason, documents, chunks FROM job_files WHERE job_id = @j ORDER BY ordinal;",
            ("j", jobId));
        await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var files = new List<JobFile>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            files.Add(new JobFile(reader.GetInt32(0), _database.Reveal(reader.GetString(1)), reader.GetString(2), _database.Reveal(reader.GetString(3)),
                reader.GetInt64(4), reader.GetString(5), reader.IsDBNull(6) ? null : _database.Reveal(reader.GetString(6)), reader.GetInt32(7), reader.GetInt32(8)));
        }

        return files;
    }
}
