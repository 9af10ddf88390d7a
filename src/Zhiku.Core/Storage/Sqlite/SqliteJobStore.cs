using System.Globalization;
using Microsoft.Data.Sqlite;
using Zhiku.Core.Access;
using Zhiku.Core.Jobs;

namespace Zhiku.Core.Storage.Sqlite;

/// <summary>Ingestion jobs in the store's SQLite file (tables <c>jobs</c> and <c>job_files</c>, created by the store's migrations).</summary>
public sealed class SqliteJobStore : IJobStore
{
    private const string JobColumns =
        "id, kb_id, user_id, kind, status, groups, policy, force, files_total, files_done, bytes_total, bytes_done, chunks, error, created_at, started_at, finished_at";

    private readonly MetadataStore _metadata;

    /// <summary>The job tables of a store (made by <see cref="MetadataStore.Open"/>).</summary>
    public SqliteJobStore(MetadataStore metadata)
    {
        this._metadata = metadata;
    }

    /// <inheritdoc/>
    public Task<int> MarkFileRunningAsync(long jobId, int ordinal, CancellationToken cancellationToken = default) =>
        SqliteFailures.RunAsync("mark a job's file running", async () =>
        {
            await using SqliteConnection connection = await _metadata.ConnectAsync(cancellationToken).ConfigureAwait(false);
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = """
                UPDATE job_files SET status = 'running', attempts = attempts + 1
                WHERE job_id = $j AND ordinal = $o AND status IN ('queued', 'running') RETURNING attempts;
                """;
            command.Parameters.AddWithValue("$j", jobId);
            command.Parameters.AddWithValue("$o", ordinal);
            return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) ?? 0, CultureInfo.InvariantCulture);
        });

    /// <inheritdoc/>
    public Task<JobRecord> CreateAsync(long kbId, long? userId, string kind, IReadOnlyList<NewJobFile> files, IReadOnlyList<string> groups, string? policy,
        bool force, CancellationToken cancellationToken = default) =>
        SqliteFailures.RunAsync("write a job", async () =>
        {
            long id;
            await using (SqliteConnection connection = await _metadata.ConnectAsync(cancellationToken).ConfigureAwait(false))
            {
                using SqliteTransaction transaction = connection.BeginTransaction();
                using (SqliteCommand insert = connection.CreateCommand())
                {
                    insert.Transaction = transaction;
                    insert.CommandText = """
                        INSERT INTO jobs(kb_id, user_id, kind, status, groups, policy, force, files_total, bytes_total, created_at)
                        VALUES($kb, $u, $kind, 'queued', $g, $p, $f, $n, $b, $now) RETURNING id;
                        """;
                    insert.Parameters.AddWithValue("$kb", kbId);
                    insert.Parameters.AddWithValue("$u", (object?)userId ?? DBNull.Value);
                    insert.Parameters.AddWithValue("$kind", kind);
                    insert.Parameters.AddWithValue("$g", (object?)DocumentGroups.ToColumn(groups) ?? DBNull.Value);
                    insert.Parameters.AddWithValue("$p", (object?)policy ?? DBNull.Value);
                    insert.Parameters.AddWithValue("$f", force ? 1 : 0);
                    insert.Parameters.AddWithValue("$n", files.Count);
                    insert.Parameters.AddWithValue("$b", files.Sum(f => f.Size));
                    insert.Parameters.AddWithValue("$now", MetadataStore.Now());
                    try
                    {
                        id = (long)(await insert.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
                    }
                    catch (SqliteException ex) when (ex.SqliteErrorCode == SqliteFailures.Constraint)
                    {
                        throw ZhikuException.NotFound($"knowledge base {kbId} does not exist / 知识库不存在", kbId.ToString(CultureInfo.InvariantCulture), ex);
                    }
                }

                for (int i = 0; i < files.Count; i++)
                {
                    await SqliteDatabase.ExecuteAsync(connection, transaction, """
                        INSERT INTO job_files(job_id, ordinal, name, staged_path, target_path, size, status)
                        VALUES($j, $o, $n, $s, $t, $z, 'queued');
                        """, cancellationToken, ("$j", id), ("$o", i), ("$n", _metadata.Protect(files[i].Name)), ("$s", files[i].StagedPath),
                        ("$t", _metadata.Protect(files[i].TargetPath)), ("$z", files[i].Size)).ConfigureAwait(false);
                }

                transaction.Commit();
            }

            return (await GetAsync(id, cancellationToken).ConfigureAwait(false))!;
        });

    /// <inheritdoc/>
    public Task<JobRecord?> GetAsync(long id, CancellationToken cancellationToken = default) =>
        SqliteFailures.RunAsync("read a job", async () =>
        {
            await using SqliteConnection connection = await _metadata.ConnectAsync(cancellationToken).ConfigureAwait(false);
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = $"SELECT {JobColumns} FROM jobs WHERE id = $id;";
            command.Parameters.AddWithValue("$id", id);
            JobRecord? job = (await ReadJobsAsync(command, cancellationToken).ConfigureAwait(false)).FirstOrDefault();
            return job is null ? null : job with { Files = await ReadFilesAsync(connection, id, cancellationToken).ConfigureAwait(false) };
        });

    /// <inheritdoc/>
    public Task<IReadOnlyList<long>> ListUnfinishedAsync(CancellationToken cancellationToken = default) =>
        SqliteFailures.RunAsync<IReadOnlyList<long>>("list unfinished jobs", async () =>
        {
            await using SqliteConnection connection = await _metadata.ConnectAsync(cancellationToken).ConfigureAwait(false);
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = "SELECT id FROM jobs WHERE status IN ('queued', 'running') ORDER BY id;";
            await using SqliteDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var ids = new List<long>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                ids.Add(reader.GetInt64(0));
            }

            return ids;
        });

    /// <inheritdoc/>
    public Task<IReadOnlyList<JobRecord>> ListForKnowledgeBaseAsync(long kbId, int limit = 50, CancellationToken cancellationToken = default) =>
        SqliteFailures.RunAsync<IReadOnlyList<JobRecord>>("list jobs", async () =>
        {
            await using SqliteConnection connection = await _metadata.ConnectAsync(cancellationToken).ConfigureAwait(false);
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = $"SELECT {JobColumns} FROM jobs WHERE kb_id = $kb ORDER BY id DESC LIMIT $l;";
            command.Parameters.AddWithValue("$kb", kbId);
            command.Parameters.AddWithValue("$l", limit);
            return await ReadJobsAsync(command, cancellationToken).ConfigureAwait(false);
        });

    /// <inheritdoc/>
    public Task MarkStartedAsync(long id, CancellationToken cancellationToken = default) =>
        SqliteFailures.RunAsync("mark a job started", async () =>
        {
            await using SqliteConnection connection = await _metadata.ConnectAsync(cancellationToken).ConfigureAwait(false);
            await SqliteDatabase.ExecuteAsync(connection, null, "UPDATE jobs SET status = 'running', started_at = COALESCE(started_at, $now) WHERE id = $id;",
                cancellationToken, ("$now", MetadataStore.Now()), ("$id", id)).ConfigureAwait(false);
        });

    /// <inheritdoc/>
    public Task RecordFileAsync(long jobId, int ordinal, string status, string? reason, int documents, int chunks, long size,
        CancellationToken cancellationToken = default) =>
        SqliteFailures.RunAsync("record a job's file", async () =>
        {
            await using SqliteConnection connection = await _metadata.ConnectAsync(cancellationToken).ConfigureAwait(false);
            using SqliteTransaction transaction = connection.BeginTransaction();
            int recorded = await SqliteDatabase.ExecuteAsync(connection, transaction, """
                UPDATE job_files SET status = $s, reason = $r, documents = $d, chunks = $c
                WHERE job_id = $j AND ordinal = $o AND status IN ('queued', 'running');
                """, cancellationToken,
                ("$s", status), ("$r", reason is null ? null : _metadata.Protect(reason)), ("$d", documents), ("$c", chunks), ("$j", jobId), ("$o", ordinal))
                .ConfigureAwait(false);
            if (recorded == 0)
            {
                return;
            }

            await SqliteDatabase.ExecuteAsync(connection, transaction,
                "UPDATE jobs SET files_done = files_done + 1, bytes_done = bytes_done + $b, chunks = chunks + $c WHERE id = $j;", cancellationToken,
                ("$b", size), ("$c", chunks), ("$j", jobId)).ConfigureAwait(false);
            transaction.Commit();
        });

    /// <inheritdoc/>
    public Task MarkFinishedAsync(long id, string? failure, CancellationToken cancellationToken = default) =>
        SqliteFailures.RunAsync("mark a job finished", async () =>
        {
            await using SqliteConnection connection = await _metadata.ConnectAsync(cancellationToken).ConfigureAwait(false);
            await SqliteDatabase.ExecuteAsync(connection, null, "UPDATE jobs SET status = $s, error = $e, finished_at = $now WHERE id = $id;", cancellationToken,
                ("$s", failure is null ? JobStatus.Completed : JobStatus.Failed), ("$e", failure is null ? null : _metadata.Protect(failure)),
                ("$now", MetadataStore.Now()), ("$id", id)).ConfigureAwait(false);
        });

    /// <inheritdoc/>
    public Task<long?> ClaimAsync(string nodeId, TimeSpan leaseDuration, CancellationToken cancellationToken = default)
    {
        LeaseArguments.Check(nodeId, leaseDuration);
        return SqliteFailures.RunAsync("claim a job", async () =>
        {
            await using SqliteConnection connection = await _metadata.ConnectAsync(cancellationToken).ConfigureAwait(false);
            using SqliteCommand command = connection.CreateCommand();
            // One statement, so the choice and the lease are written under one write lock: a concurrent claim (another
            // connection, another process) waits for it and then no longer sees this job as claimable.
            command.CommandText = """
                UPDATE jobs SET lease_owner = $node, lease_until = $until
                WHERE id = (SELECT id FROM jobs
                            WHERE status IN ('queued', 'running') AND (lease_owner IS NULL OR lease_until < $now)
                            ORDER BY id LIMIT 1)
                RETURNING id;
                """;
            DateTimeOffset now = DateTimeOffset.UtcNow;
            command.Parameters.AddWithValue("$node", nodeId);
            command.Parameters.AddWithValue("$until", Time(now + leaseDuration));
            command.Parameters.AddWithValue("$now", Time(now));
            return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long id ? id : (long?)null;
        });
    }

    /// <inheritdoc/>
    public Task<bool> RenewAsync(long jobId, string nodeId, TimeSpan leaseDuration, CancellationToken cancellationToken = default)
    {
        LeaseArguments.Check(nodeId, leaseDuration);
        return SqliteFailures.RunAsync("renew a job lease", async () =>
        {
            await using SqliteConnection connection = await _metadata.ConnectAsync(cancellationToken).ConfigureAwait(false);
            return await SqliteDatabase.ExecuteAsync(connection, null, """
                UPDATE jobs SET lease_until = $until WHERE id = $id AND lease_owner = $node AND status IN ('queued', 'running');
                """, cancellationToken, ("$until", Time(DateTimeOffset.UtcNow + leaseDuration)), ("$id", jobId), ("$node", nodeId)).ConfigureAwait(false) > 0;
        });
    }

    /// <inheritdoc/>
    public Task ReleaseAsync(long jobId, string nodeId, CancellationToken cancellationToken = default)
    {
        LeaseArguments.CheckNode(nodeId);
        return SqliteFailures.RunAsync("release a job lease", async () =>
        {
            await using SqliteConnection connection = await _metadata.ConnectAsync(cancellationToken).ConfigureAwait(false);
            await SqliteDatabase.ExecuteAsync(connection, null, "UPDATE jobs SET lease_owner = NULL, lease_until = NULL WHERE id = $id AND lease_owner = $node;",
                cancellationToken, ("$id", jobId), ("$node", nodeId)).ConfigureAwait(false);
        });
    }

    /// <inheritdoc/>
    public Task<int> ReleaseAllAsync(string nodeId, CancellationToken cancellationToken = default)
    {
        LeaseArguments.CheckNode(nodeId);
        return SqliteFailures.RunAsync("release a node's job leases", async () =>
        {
            await using SqliteConnection connection = await _metadata.ConnectAsync(cancellationToken).ConfigureAwait(false);
            return await SqliteDatabase.ExecuteAsync(connection, null, "UPDATE jobs SET lease_owner = NULL, lease_until = NULL WHERE lease_owner = $node;",
                cancellationToken, ("$node", nodeId)).ConfigureAwait(false);
        });
    }

    // Fixed-width UTC round-trip text, so lease times compare correctly as strings.
    private static string Time(DateTimeOffset time) => time.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    private async Task<List<JobRecord>> ReadJobsAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        await using SqliteDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
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
                Force = reader.GetInt64(7) != 0,
                FilesTotal = reader.GetInt32(8),
                FilesDone = reader.GetInt32(9),
                BytesTotal = reader.GetInt64(10),
                BytesDone = reader.GetInt64(11),
                Chunks = reader.GetInt32(12),
                Error = reader.IsDBNull(13) ? null : _metadata.Reveal(reader.GetString(13)),
                CreatedAt = MetadataStore.ParseTime(reader.GetString(14)),
                StartedAt = reader.IsDBNull(15) ? null : MetadataStore.ParseTime(reader.GetString(15)),
                FinishedAt = reader.IsDBNull(16) ? null : MetadataStore.ParseTime(reader.GetString(16)),
            });
        }

        return jobs;
    }

    private async Task<List<JobFile>> ReadFilesAsync(SqliteConnection connection, long jobId, CancellationToken cancellationToken)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT ordinal, name, staged_path, target_path, size, status, reason, documents, chunks FROM job_files WHERE job_id = $j ORDER BY ordinal;";
        command.Parameters.AddWithValue("$j", jobId);
        await using SqliteDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var files = new List<JobFile>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            files.Add(new JobFile(reader.GetInt32(0), _metadata.Reveal(reader.GetString(1)), reader.GetString(2), _metadata.Reveal(reader.GetString(3)),
                reader.GetInt64(4), reader.GetString(5), reader.IsDBNull(6) ? null : _metadata.Reveal(reader.GetString(6)), reader.GetInt32(7), reader.GetInt32(8)));
        }

        return files;
    }
}
