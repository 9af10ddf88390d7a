using Zhiku.Core.Security;
using Zhiku.Core.Storage;
using Zhiku.Core.Storage.Postgres;
using Zhiku.Core.Tests.Storage.Postgres;

namespace Zhiku.Core.Tests.Storage;

/// <summary>The stores of a fresh PostgreSQL schema, dropped after the test.</summary>
public sealed class PostgresStoreEngine : StoreEngine
{
    private readonly PostgresTestDatabase _test;
    private readonly PostgresDatabase _database;

    private PostgresStoreEngine(PostgresTestDatabase test, PostgresDatabase database)
    {
        _test = test;
        _database = database;
        Audit = new PostgresAuditStore(database);
        Chats = new PostgresChatStore(database);
        Chunks = new PostgresChunkStore(database);
        Changes = new PostgresChangeLog(database);
        Documents = new PostgresDocumentStore(database);
        Sources = new PostgresDocumentSourceStore(database);
        Groups = new PostgresGroupStore(database);
        Feedback = new PostgresFeedbackStore(database);
        Jobs = new PostgresJobStore(database);
        KnowledgeBases = new PostgresKnowledgeBaseStore(database);
        KnowledgeBaseAccess = new PostgresKnowledgeBaseAccessStore(database);
        Quarantine = new PostgresQuarantineStore(database);
        Users = new PostgresUserStore(database);
        Vault = new PostgresVaultStore(database);
        Originals = new PostgresOriginalFileStore(database);
    }

    public override IAuditStore Audit { get; }

    public override IChatStore Chats { get; }

    public override IChunkStore Chunks { get; }

    /// <summary>The change log (PostgreSQL only: the embedded store has no replicas to feed).</summary>
    public IChangeLog Changes { get; }

    public override IDocumentStore Documents { get; }

    public override IDocumentSourceStore Sources { get; }

    public override IGroupStore Groups { get; }

    public override IFeedbackStore Feedback { get; }

    public override IJobStore Jobs { get; }

    public override IKnowledgeBaseStore KnowledgeBases { get; }

    public override IKnowledgeBaseAccessStore KnowledgeBaseAccess { get; }

    public override IQuarantineStore Quarantine { get; }

    public override IUserStore Users { get; }

    public override IVaultStore Vault { get; }

    public override IOriginalFileStore Originals { get; }

    public override async Task<long> OriginalsFootprintAsync() =>
        (long)(await _test.ScalarAsync("SELECT (SELECT COUNT(*) FROM originals) + (SELECT COUNT(*) FROM original_chunks);"))!;

    public static async Task<PostgresStoreEngine> OpenAsync(EncryptionKey? key)
    {
        PostgresTestDatabase test = await PostgresTestDatabase.CreateAsync();
        try
        {
            return new PostgresStoreEngine(test, await PostgresDatabase.OpenAsync(test.Url, key));
        }
        catch
        {
            await test.DisposeAsync();
            throw;
        }
    }

    public override async Task<string?> StoredTextAsync(string sql) => await _test.ScalarAsync(sql) as string;

    public override async Task<long> CountAsync(string sql) =>
        Convert.ToInt64(await _test.ScalarAsync(sql), System.Globalization.CultureInfo.InvariantCulture);

    public override Task ExecuteAsync(string sql) => _test.ScalarAsync(sql);

    public override async ValueTask DisposeAsync()
    {
        await _database.DisposeAsync();
        await _test.DisposeAsync();
    }
}
