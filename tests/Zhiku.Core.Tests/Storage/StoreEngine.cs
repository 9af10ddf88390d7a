using Zhiku.Core.Security;
using Zhiku.Core.Storage;

namespace Zhiku.Core.Tests.Storage;

/// <summary>
/// One engine's stores for a store test: the same test runs over the embedded SQLite file (a temp folder) and over
/// PostgreSQL (a fresh schema on <c>ZHIKU_TEST_DATABASE_URL</c>), so both implementations keep one contract.
/// </summary>
public abstract class StoreEngine : IAsyncDisposable
{
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";

    /// <summary>Every engine, for <c>[MemberData]</c>.</summary>
    public static TheoryData<string> All => new() { Sqlite, Postgres };

    public abstract IAuditStore Audit { get; }

    public abstract IChatStore Chats { get; }

    public abstract IChunkStore Chunks { get; }

    public abstract IDocumentStore Documents { get; }

    public abstract IDocumentSourceStore Sources { get; }

    public abstract IGroupStore Groups { get; }

    public abstract IFeedbackStore Feedback { get; }

    public abstract IJobStore Jobs { get; }

    public abstract IKnowledgeBaseStore KnowledgeBases { get; }

    public abstract IKnowledgeBaseAccessStore KnowledgeBaseAccess { get; }

    public abstract IQuarantineStore Quarantine { get; }

    public abstract IUserStore Users { get; }

    public abstract IVaultStore Vault { get; }

    public abstract IOriginalFileStore Originals { get; }

    /// <summary>Everything the original file store holds, finished or not: files (temporary ones too, not the folders) in the
    /// embedded store, rows of both original tables in PostgreSQL.</summary>
    public abstract Task<long> OriginalsFootprintAsync();

    /// <summary>Opens a new, empty store of <paramref name="engine"/>.</summary>
    public static async Task<StoreEngine> OpenAsync(string engine, EncryptionKey? key = null) => engine switch
    {
        Sqlite => new SqliteStoreEngine(key),
        Postgres => await PostgresStoreEngine.OpenAsync(key),
        _ => throw new ArgumentOutOfRangeException(nameof(engine), engine, "no such engine"),
    };

    /// <summary>Creates a knowledge base and returns its id.</summary>
    public async Task<long> CreateKnowledgeBaseAsync(string name) => (await KnowledgeBases.CreateAsync(name, Access.DataPolicy.Cloud)).Id;

    /// <summary>The first column of the first row of <paramref name="sql"/> exactly as stored (encrypted text stays
    /// encrypted); the SQL must read the same on both engines.</summary>
    public abstract Task<string?> StoredTextAsync(string sql);

    /// <summary>The first column of the first row of <paramref name="sql"/> as a number (a count); the SQL must read the
    /// same on both engines.</summary>
    public abstract Task<long> CountAsync(string sql);

    /// <summary>Runs a statement as it is (to put rows in a state the interfaces cannot, such as an old session); the
    /// SQL must read the same on both engines.</summary>
    public abstract Task ExecuteAsync(string sql);

    public abstract ValueTask DisposeAsync();
}
