using System.Globalization;
using Npgsql;
using NpgsqlTypes;
using Zhiku.Core.Access;
using Zhiku.Core.Chunking;
using Zhiku.Core.Documents;

namespace Zhiku.Core.Storage.Postgres;

/// <summary>
/// Replaces the documents of sources inside the caller's transaction with a fixed number of round trips per run of
/// sources, however many documents, chunks and pages they hold: one statement locks the sources, one finds and deletes
/// their documents and records the tombstones, one inserts the new documents, and one binary COPY each writes the
/// texts, chunks and pages. A run is as many consecutive sources as give the same result as replacing them one by one
/// (a source named twice, or named by a document added earlier in the run, starts a new run).
/// </summary>
internal static class PostgresDocumentWriter
{
    // Documents of one source: a file path, or the record key of a document without a file. Two indexed joins, as in
    // SQLite (an OR would not use the indexes).
    private const string FindAndRemove = """
        WITH keys AS (SELECT key, ord FROM unnest(@keys::text[]) WITH ORDINALITY AS k(key, ord)),
        found AS (
            SELECT d.id, keys.ord FROM keys JOIN documents d ON d.kb_id = @kb AND d.source_path = keys.key
            UNION ALL
            SELECT d.id, keys.ord FROM keys JOIN documents d ON d.kb_id = @kb AND d.source_path IS NULL AND d.record_key = keys.key),
        gone AS (DELETE FROM documents d USING found WHERE d.id = found.id RETURNING d.id, found.ord),
        tombstones AS (INSERT INTO index_tombstones(kb_id, doc_id) SELECT @kb, id FROM gone ON CONFLICT DO NOTHING)
        SELECT ord, id FROM gone ORDER BY ord, id;
        """;

    private const string InsertDocuments = """
        INSERT INTO documents(kb_id, source_path, external_id, record_key, title, format, content_hash, size_bytes,
                              text_chars, chunk_count, policy, indexed, created_at, updated_at, groups)
        SELECT @kb, path, ext, key, title, format, hash, size, chars, chunks, policy, false, @now, @now, groups
        FROM unnest(@path::text[], @ext::text[], @key::text[], @title::text[], @format::text[], @hash::text[], @size::bigint[],
                    @chars::integer[], @chunks::integer[], @policy::text[], @groups::text[])
             WITH ORDINALITY AS n(path, ext, key, title, format, hash, size, chars, chunks, policy, groups, ord)
        ORDER BY ord
        ON CONFLICT (kb_id, record_key) DO NOTHING
        RETURNING id, record_key;
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

        // Two nodes replacing the same source at once (a job taken over from a node that is still writing) would both
        // miss the other's new documents and one would fail on its record keys; the lock makes the second wait and then
        // replace the first's documents, as SQLite's single writer does. Taken in one order, so runs cannot deadlock.
        await PostgresDatabase.ExecuteAsync(connection, transaction, """
            SELECT pg_advisory_xact_lock(h) FROM (SELECT DISTINCT hashtextextended(@kb::text || '/' || key, 0) AS h FROM unnest(@keys::text[]) AS k(key) ORDER BY h) s;
            """, cancellationToken, ("kb", kbId), ("keys", keys)).ConfigureAwait(false);

        var removed = run.Select(_ => new List<long>()).ToArray();
        await using (NpgsqlCommand find = PostgresDatabase.Command(connection, transaction, FindAndRemove, ("kb", kbId), ("keys", keys)))
        await using (NpgsqlDataReader reader = await find.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                removed[reader.GetInt64(0) - 1].Add(reader.GetInt64(1));
            }
        }

        List<NewDocument> documents = run.SelectMany(r => r.Documents).ToList();
        long[] ids = await InsertAsync(database, connection, transaction, kbId, documents, cancellationToken).ConfigureAwait(false);
        await CopyAsync(database, connection, documents, ids, cancellationToken).ConfigureAwait(false);

        var results = new List<(IReadOnlyList<long> Removed, IReadOnlyList<long> Added)>(run.Count);
        int next = 0;
        for (int i = 0; i < run.Count; i++)
        {
            results.Add((removed[i], ids[next..(next + run[i].Documents.Count)]));
            next += run[i].Documents.Count;
        }

        return results;
    }

    /// <summary>Inserts the documents in input order and returns their ids.</summary>
    private static async Task<long[]> InsertAsync(PostgresDatabase database, NpgsqlConnection connection, NpgsqlTransaction transaction, long kbId,
        List<NewDocument> documents, CancellationToken cancellationToken)
    {
        if (documents.Count == 0)
        {
            return [];
        }

        var inserted = new Dictionary<string, long>(StringComparer.Ordinal);
        await using (NpgsqlCommand insert = PostgresDatabase.Command(connection, transaction, InsertDocuments,
            ("kb", kbId), ("now", PostgresDatabase.Now()),
            ("path", documents.Select(d => d.SourcePath).ToArray()),
            ("ext", documents.Select(d => d.ExternalId).ToArray()),
            ("key", documents.Select(d => d.RecordKey).ToArray()),
            ("title", documents.Select(d => database.Protect(d.Title)).ToArray()),
            ("format", documents.Select(d => d.Format).ToArray()),
            ("hash", documents.Select(d => d.ContentHash).ToArray()),
            ("size", documents.Select(d => d.SizeBytes).ToArray()),
            ("chars", documents.Select(d => d.Text.Length).ToArray()),
            ("chunks", documents.Select(d => d.Chunks.Count).ToArray()),
            ("policy", documents.Select(d => d.Policy).ToArray()),
            ("groups", documents.Select(d => DocumentGroups.ToColumn(d.Groups)).ToArray())))
        {
            try
            {
                await using NpgsqlDataReader reader = await insert.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    inserted[reader.GetString(1)] = reader.GetInt64(0);
                }
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresFailures.ForeignKeyViolation)
            {
                throw ZhikuException.NotFound($"knowledge base {kbId} does not exist / 知识库不存在", kbId.ToString(CultureInfo.InvariantCulture), ex);
            }
        }

        // A key that was not inserted was taken: by another source's document, or by an earlier document of this batch.
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

        return ids;
    }

    /// <summary>Writes the documents' texts, chunks and pages, one binary COPY each.</summary>
    private static async Task CopyAsync(PostgresDatabase database, NpgsqlConnection connection, List<NewDocument> documents, long[] ids,
        CancellationToken cancellationToken)
    {
        if (documents.Count == 0)
        {
            return;
        }

        await using (NpgsqlBinaryImporter texts = await connection.BeginBinaryImportAsync(
            "COPY document_texts(doc_id, text) FROM STDIN (FORMAT BINARY);", cancellationToken).ConfigureAwait(false))
        {
            for (int i = 0; i < documents.Count; i++)
            {
                await texts.StartRowAsync(cancellationToken).ConfigureAwait(false);
                await texts.WriteAsync(ids[i], NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
                await texts.WriteAsync(database.Protect(documents[i].Text), NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
            }

            await texts.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }

        if (documents.Any(d => d.Chunks.Count > 0))
        {
            await using NpgsqlBinaryImporter chunks = await connection.BeginBinaryImportAsync(
                "COPY chunks(doc_id, ordinal, heading, page, start_offset, end_offset, text) FROM STDIN (FORMAT BINARY);", cancellationToken)
                .ConfigureAwait(false);
            for (int i = 0; i < documents.Count; i++)
            {
                foreach (TextChunk chunk in documents[i].Chunks)
                {
                    await chunks.StartRowAsync(cancellationToken).ConfigureAwait(false);
                    await chunks.WriteAsync(ids[i], NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
                    await chunks.WriteAsync(chunk.Ordinal, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
                    await chunks.WriteAsync(database.Protect(chunk.HeadingPath), NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                    if (chunk.Page is int page)
                    {
                        await chunks.WriteAsync(page, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
                    }
                    else
                    {
                        await chunks.WriteNullAsync(cancellationToken).ConfigureAwait(false);
                    }

                    await chunks.WriteAsync(chunk.Start, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
                    await chunks.WriteAsync(chunk.End, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
                    await chunks.WriteAsync(database.Protect(chunk.Text), NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                }
            }

            await chunks.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }

        if (documents.Any(d => d.Pages.Count > 0))
        {
            await using NpgsqlBinaryImporter pages = await connection.BeginBinaryImportAsync(
                "COPY document_pages(doc_id, ordinal, page, source, quality) FROM STDIN (FORMAT BINARY);", cancellationToken).ConfigureAwait(false);
            for (int i = 0; i < documents.Count; i++)
            {
                // One row per page as given (SQLite keeps the list as one value), read back in this order.
                for (int ordinal = 0; ordinal < documents[i].Pages.Count; ordinal++)
                {
                    PageText page = documents[i].Pages[ordinal];
                    await pages.StartRowAsync(cancellationToken).ConfigureAwait(false);
                    await pages.WriteAsync(ids[i], NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
                    await pages.WriteAsync(ordinal, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
                    await pages.WriteAsync(page.Page, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
                    await pages.WriteAsync(page.Source.ToString().ToLowerInvariant(), NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                    await pages.WriteAsync(page.Quality, NpgsqlDbType.Double, cancellationToken).ConfigureAwait(false);
                }
            }

            await pages.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
