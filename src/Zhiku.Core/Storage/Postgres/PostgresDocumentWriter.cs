using System.Globalization;
using Npgsql;
using Zhiku.Core.Access;

namespace Zhiku.Core.Storage.Postgres;

/// <summary>
/// Replaces the documents of sources inside the caller's transaction in one round trip per run of sources, however
/// many documents, chunks and pages they hold: one batch locks the sources, finds and deletes their documents
/// (recording the tombstones), and inserts the new documents with their texts, chunks and pages, every table filled
/// from arrays by <c>unnest</c> (one multi-row insert each, in one statement). A run is as many consecutive sources as
/// give the same result as replacing them one by one (a source named twice, or named by a document added earlier in
/// the run, starts a new run).
/// </summary>
internal static class PostgresDocumentWriter
{
    // Two nodes replacing the same source at once (a job taken over from a node that is still writing) would both miss
    // the other's new documents and one would fail on its record keys; the lock makes the second wait and then replace
    // the first's documents, as SQLite's single writer does. Taken in one order, so runs cannot deadlock.
    private const string Lock = """
        SELECT pg_advisory_xact_lock(h)
        FROM (SELECT DISTINCT hashtextextended($1::text || '/' || key, 0) AS h FROM unnest($2::text[]) AS k(key) ORDER BY h) s;
        """;

    // Documents of one source: a file path, or the record key of a document without a file. Each half is one index
    // scan by key (= ANY of the array, which the planner gets right also before a new table has statistics; a join
    // with the unnested keys was planned as a scan of every document of the knowledge base, making bulk loads
    // quadratic); keys in a run are distinct, so array_position gives each document's source.
    internal const string FindAndRemove = """
        WITH found AS (
            SELECT d.id, array_position($2::text[], d.source_path) AS ord FROM documents d WHERE d.kb_id = $1 AND d.source_path = ANY($2::text[])
            UNION ALL
            SELECT d.id, array_position($2::text[], d.record_key) FROM documents d
            WHERE d.kb_id = $1 AND d.source_path IS NULL AND d.record_key = ANY($2::text[])),
        gone AS (DELETE FROM documents d USING found WHERE d.id = found.id RETURNING d.id, found.ord),
        tombstones AS (INSERT INTO index_tombstones(kb_id, doc_id) SELECT $1, id FROM gone ON CONFLICT DO NOTHING)
        SELECT ord, id FROM gone ORDER BY ord, id;
        """;

    // A taken record key inserts nothing (the caller reports it); the texts, chunks and pages of a document whose key
    // appears twice go to its first occurrence, and the caller rolls the whole run back. Rows are inserted in input
    // order, so ids ascend as in SQLite.
    private const string Insert = """
        WITH input AS (
            SELECT * FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::bigint[], $10::integer[],
                                 $11::integer[], $12::text[], $13::text[], $14::text[])
                WITH ORDINALITY AS n(path, ext, key, title, format, hash, size, chars, chunks, policy, groups, text, ord)),
        added AS (
            INSERT INTO documents(kb_id, source_path, external_id, record_key, title, format, content_hash, size_bytes,
                                  text_chars, chunk_count, policy, indexed, created_at, updated_at, groups)
            SELECT $1, path, ext, key, title, format, hash, size, chars, chunks, policy, false, $2, $2, groups FROM input ORDER BY ord
            ON CONFLICT (kb_id, record_key) DO NOTHING
            RETURNING id, record_key),
        docs AS (SELECT DISTINCT ON (input.key) added.id, input.ord, input.text FROM added JOIN input ON input.key = added.record_key ORDER BY input.key, input.ord),
        texts AS (INSERT INTO document_texts(doc_id, text) SELECT id, text FROM docs),
        chunk_rows AS (
            INSERT INTO chunks(doc_id, ordinal, heading, page, start_offset, end_offset, text)
            SELECT docs.id, c.ordinal, c.heading, c.page, c.start_offset, c.end_offset, c.text
            FROM unnest($15::bigint[], $16::integer[], $17::text[], $18::integer[], $19::integer[], $20::integer[], $21::text[])
                WITH ORDINALITY AS c(doc, ordinal, heading, page, start_offset, end_offset, text, ord)
            JOIN docs ON docs.ord = c.doc ORDER BY c.ord),
        page_rows AS (
            INSERT INTO document_pages(doc_id, ordinal, page, source, quality)
            SELECT docs.id, p.ordinal, p.page, p.source, p.quality
            FROM unnest($22::bigint[], $23::integer[], $24::integer[], $25::text[], $26::double precision[]) AS p(doc, ordinal, page, source, quality)
            JOIN docs ON docs.ord = p.doc)
        SELECT id, record_key FROM added;
        """;

    /// <summary>Replaces each source's documents, as <see cref="IDocumentStore.ReplaceAsync"/> does one by one; the
    /// caller commits.</summary>
    /// <returns>Per source, in batch order: the removed ids (ascending) and the added ones in input order.</returns>
    public static async Task<IReadOnlyList<(IReadOnlyList<long> Removed, IReadOnlyList<long> Added)>> ReplaceAsync(PostgresDatabase database,
        NpgsqlConnection connection, NpgsqlTransaction transaction, long kbId, IReadOnlyList<(string SourceKey, IReadOnlyList<NewDocument> Documents)> batch,
        CancellationToken cancellationToken)
    {
        var results = new List<(IReadOnlyList<long> Removed, IReadOnlyList<long> Added)>(batch.Count);
        int start = 0;
        while (start < batch.Count)
        {
            int end = RunEnd(batch, start);
            results.AddRange(await ReplaceRunAsync(database, connection, transaction, kbId, batch.Skip(start).Take(end - start).ToList(), cancellationToken)
                .ConfigureAwait(false));
            start = end;
        }

        return results;
    }

    /// <summary>The end (exclusive) of the run starting at <paramref name="start"/>.</summary>
    private static int RunEnd(IReadOnlyList<(string SourceKey, IReadOnlyList<NewDocument> Documents)> batch, int start)
    {
        // Keys the run's lookups use, and the keys the run's new documents would be found by: a later source may use neither.
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var added = new HashSet<string>(StringComparer.Ordinal);
        int end = start;
        while (end < batch.Count && !keys.Contains(batch[end].SourceKey) && !added.Contains(batch[end].SourceKey))
        {
            keys.Add(batch[end].SourceKey);
            foreach (NewDocument document in batch[end].Documents)
            {
                added.Add(document.SourcePath ?? document.RecordKey);
            }

            end++;
        }

        return end;
    }

    private static async Task<IReadOnlyList<(IReadOnlyList<long> Removed, IReadOnlyList<long> Added)>> ReplaceRunAsync(PostgresDatabase database,
        NpgsqlConnection connection, NpgsqlTransaction transaction, long kbId, IReadOnlyList<(string SourceKey, IReadOnlyList<NewDocument> Documents)> run,
        CancellationToken cancellationToken)
    {
        string[] keys = run.Select(r => r.SourceKey).ToArray();
        List<NewDocument> documents = run.SelectMany(r => r.Documents).ToList();

        // One round trip: lock the sources, remove their documents, write the new ones.
        await using var batch = new NpgsqlBatch(connection, transaction);
        batch.BatchCommands.Add(Statement(Lock, kbId, keys));
        batch.BatchCommands.Add(Statement(FindAndRemove, kbId, keys));
        if (documents.Count > 0)
        {
            batch.BatchCommands.Add(InsertStatement(database, kbId, documents));
        }

        var removed = run.Select(_ => new List<long>()).ToArray();
        var inserted = new Dictionary<string, long>(StringComparer.Ordinal);
        try
        {
            await using NpgsqlDataReader reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                // The lock's rows: one per source.
            }

            await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                removed[reader.GetInt32(0) - 1].Add(reader.GetInt64(1));
            }

            if (documents.Count > 0)
            {
                await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    inserted[reader.GetString(1)] = reader.GetInt64(0);
                }
            }
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresFailures.ForeignKeyViolation)
        {
            throw ZhikuException.NotFound($"knowledge base {kbId} does not exist / 知识库不存在", kbId.ToString(CultureInfo.InvariantCulture), ex);
        }

        // A key that was not inserted was taken: by another source's document, or by an earlier document of this run.
        var ids = new long[documents.Count];
        var used = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < documents.Count; i++)
        {
            string key = documents[i].RecordKey;
            if (!used.Add(key) || !inserted.TryGetValue(key, out ids[i]))
            {
                throw ZhikuException.Conflict($"a document with record key '{key}' already exists in knowledge base {kbId} / 记录键已存在", key);
            }
        }

        var results = new List<(IReadOnlyList<long> Removed, IReadOnlyList<long> Added)>(run.Count);
        int next = 0;
        for (int i = 0; i < run.Count; i++)
        {
            results.Add((removed[i], ids[next..(next + run[i].Documents.Count)]));
            next += run[i].Documents.Count;
        }

        return results;
    }

    private static NpgsqlBatchCommand Statement(string sql, params object[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (object value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        return command;
    }

    /// <summary>The documents with their texts, chunks and pages, each table filled from arrays (one row per element).</summary>
    private static NpgsqlBatchCommand InsertStatement(PostgresDatabase database, long kbId, List<NewDocument> documents)
    {
        var chunks = documents.SelectMany((d, i) => d.Chunks.Select(c => (Document: i + 1, Chunk: c))).ToList();
        var pages = documents.SelectMany((d, i) => d.Pages.Select((p, ordinal) => (Document: i + 1, Ordinal: ordinal, Page: p))).ToList();
        var command = new NpgsqlBatchCommand(Insert);
        foreach (object? value in new object?[]
        {
            kbId, PostgresDatabase.Now(),
            documents.Select(d => d.SourcePath).ToArray(),
            documents.Select(d => d.ExternalId).ToArray(),
            documents.Select(d => d.RecordKey).ToArray(),
            documents.Select(d => database.Protect(d.Title)).ToArray(),
            documents.Select(d => d.Format).ToArray(),
            documents.Select(d => d.ContentHash).ToArray(),
            documents.Select(d => d.SizeBytes).ToArray(),
            documents.Select(d => d.Text.Length).ToArray(),
            documents.Select(d => d.Chunks.Count).ToArray(),
            documents.Select(d => d.Policy).ToArray(),
            documents.Select(d => DocumentGroups.ToColumn(d.Groups)).ToArray(),
            documents.Select(d => database.Protect(d.Text)).ToArray(),
            chunks.Select(c => (long)c.Document).ToArray(),
            chunks.Select(c => c.Chunk.Ordinal).ToArray(),
            chunks.Select(c => database.Protect(c.Chunk.HeadingPath)).ToArray(),
            chunks.Select(c => c.Chunk.Page).ToArray(),
            chunks.Select(c => c.Chunk.Start).ToArray(),
            chunks.Select(c => c.Chunk.End).ToArray(),
            chunks.Select(c => database.Protect(c.Chunk.Text)).ToArray(),
            pages.Select(p => (long)p.Document).ToArray(),
            pages.Select(p => p.Ordinal).ToArray(),
            pages.Select(p => p.Page.Page).ToArray(),
            pages.Select(p => p.Page.Source.ToString().ToLowerInvariant()).ToArray(),
            pages.Select(p => p.Page.Quality).ToArray(),
        })
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
        }

        return command;
    }
}
