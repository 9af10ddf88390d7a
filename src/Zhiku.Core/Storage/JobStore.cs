using Microsoft.Data.Sqlite;
using Zhiku.Core.Access;
using Zhiku.Core.Jobs;

namespace Zhiku.Core.Storage;

/// <summary>
/// Background ingestion jobs and their files (tables <c>jobs</c> and <c>job_files</c>, created by the store's migrations). Jobs are
/// written before they are queued, so a restart finds every unfinished one and runs it again; files already
/// done keep their outcome. File names, target paths, reasons and errors (which may quote a file) are stored
/// encrypted when the store has a key.
/// </summary>
public sealed class JobStore
{
    private const string JobColumns =
        "id, kb_id, user_id, kind, status, groups, policy, force, files_total, files_done, bytes_total, bytes_done, chunks, error, created_at, started_at, finished_at";

    private readonly MetadataStore _metadata;

    /// <summary>The job tables of a store (made by <see cref="MetadataStore.Open"/>).</summary>
    public JobStore(MetadataStore metadata)
    {
        this._metadata = metadata;
    }

    /// <summary>Marks a file running and counts the attempt; returns the attempts so far, this one included. A file
    /// still "running" at the next start was being ingested when the process stopped.</summary>
    public int MarkFileRunning(long jobId, int ordinal)
    {
        using SqliteConnection connection = _metadata.Connect();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "UPDATE job_files SET status = 'running', attempts = attempts + 1 WHERE job_id = $j AND ordinal = $o RETURNING attempts;";
        command.Parameters.AddWithValue("$j", jobId);
        command.Parameters.AddWithValue("$o", ordinal);
        return Convert.ToInt32(command.ExecuteScalar() ?? 0, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Writes a queued job with its files and returns it.</summary>
    public JobRecord Create(long kbId, long? userId, string kind, IReadOnlyList<NewJobFile> files, IReadOnlyList<string> groups, string? policy, bool force)
    {
        using SqliteConnection connection = _metadata.Connect();
        using SqliteTransaction transaction = connection.BeginTransaction();
        long id;
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
            id = (long)insert.ExecuteScalar()!;
        }

        for (int i = 0; i < files.Count; i++)
        {
            MetadataStore.Execute(connection, transaction, """
                INSERT INTO job_files(job_id, ordinal, name, staged_path, target_path, size, status)
                VALUES($j, $o, $n, $s, $t, $z, 'queued');
                """, ("$j", id), ("$o", i), ("$n", _metadata.Protect(files[i].Name)), ("$s", files[i].StagedPath), ("$t", _metadata.Protect(files[i].TargetPath)),
                ("$z", files[i].Size));
        }

        transaction.Commit();
        return Get(id)!;
    }

    /// <summary>A job with its files, or null.</summary>
    public JobRecord? Get(long id)
    {
        using SqliteConnection connection = _metadata.Connect();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = $"SELECT {JobColumns} FROM jobs WHERE id = $id;";
        command.Parameters.AddWithValue("$id", id);
        JobRecord? job = ReadJobs(command).FirstOrDefault();
        return job is null ? null : job with { Files = ReadFiles(connection, id) };
    }

    /// <summary>Ids of jobs still queued or running (oldest first): what a restart resumes.</summary>
    public IReadOnlyList<long> ListUnfinished()
    {
        using SqliteConnection connection = _metadata.Connect();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT id FROM jobs WHERE status IN ('queued', 'running') ORDER BY id;";
        using SqliteDataReader reader = command.ExecuteReader();
        var ids = new List<long>();
        while (reader.Read())
        {
            ids.Add(reader.GetInt64(0));
        }

        return ids;
    }

    /// <summary>Recent jobs of a knowledge base, newest first, without their files.</summary>
    public IReadOnlyList<JobRecord> ListForKnowledgeBase(long kbId, int limit = 50)
    {
        using SqliteConnection connection = _metadata.Connect();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = $"SELECT {JobColumns} FROM jobs WHERE kb_id = $kb ORDER BY id DESC LIMIT $l;";
        command.Parameters.AddWithValue("$kb", kbId);
        command.Parameters.AddWithValue("$l", limit);
        return ReadJobs(command);
    }

    /// <summary>Marks a job running (again, after a restart).</summary>
    public void MarkStarted(long id)
    {
        using SqliteConnection connection = _metadata.Connect();
        MetadataStore.Execute(connection, null, "UPDATE jobs SET status = 'running', started_at = COALESCE(started_at, $now) WHERE id = $id;",
            ("$now", MetadataStore.Now()), ("$id", id));
    }

    /// <summary>Records one file's outcome and the job's running totals in one transaction.</summary>
    public void RecordFile(long jobId, int ordinal, string status, string? reason, int documents, int chunks, long size)
    {
        using SqliteConnection connection = _metadata.Connect();
        using SqliteTransaction transaction = connection.BeginTransaction();
        MetadataStore.Execute(connection, transaction,
            "UPDATE job_files SET status = $s, reason = $r, documents = $d, chunks = $c WHERE job_id = $j AND ordinal = $o;",
            ("$s", status), ("$r", reason is null ? null : _metadata.Protect(reason)), ("$d", documents), ("$c", chunks), ("$j", jobId), ("$o", ordinal));
        MetadataStore.Execute(connection, transaction,
            "UPDATE jobs SET files_done = files_done + 1, bytes_done = bytes_done + $b, chunks = chunks + $c WHERE id = $j;",
            ("$b", size), ("$c", chunks), ("$j", jobId));
        transaction.Commit();
    }

    /// <summary>Marks a job finished: completed, or failed with an error.</summary>
    public void MarkFinished(long id, string? error)
    {
        using SqliteConnection connection = _metadata.Connect();
        MetadataStore.Execute(connection, null, "UPDATE jobs SET status = $s, error = $e, finished_at = $now WHERE id = $id;",
            ("$s", error is null ? JobStatus.Completed : JobStatus.Failed), ("$e", error is null ? null : _metadata.Protect(error)), ("$now", MetadataStore.Now()), ("$id", id));
    }

    private List<JobRecord> ReadJobs(SqliteCommand command)
    {
        using SqliteDataReader reader = command.ExecuteReader();
        var jobs = new List<JobRecord>();
        while (reader.Read())
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

    private List<JobFile> ReadFiles(SqliteConnection connection, long jobId)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT ordinal, name, staged_path, target_path, size, status, reason, documents, chunks FROM job_files WHERE job_id = $j ORDER BY ordinal;";
        command.Parameters.AddWithValue("$j", jobId);
        using SqliteDataReader reader = command.ExecuteReader();
        var files = new List<JobFile>();
        while (reader.Read())
        {
            files.Add(new JobFile(reader.GetInt32(0), _metadata.Reveal(reader.GetString(1)), reader.GetString(2), _metadata.Reveal(reader.GetString(3)), reader.GetInt64(4),
                reader.GetString(5), reader.IsDBNull(6) ? null : _metadata.Reveal(reader.GetString(6)), reader.GetInt32(7), reader.GetInt32(8)));
        }

        return files;
    }
}
