using Zhiku.Core.Security;
using Zhiku.Core.Storage.Files;
using Zhiku.Core.Storage.Postgres;
using Zhiku.Core.Storage.Sqlite;

namespace Zhiku.Core.Storage;

/// <summary>
/// The one place a process's stores are built, all from one engine, so the system of record is never split: either the
/// embedded store (<c>zhiku.db</c> and <c>vault/</c> in the store folder, as always) or PostgreSQL (a
/// <see cref="DatabaseUrl"/>; <see cref="PostgresDatabase"/> migrates the schema under an advisory lock and refuses a
/// newer one). With PostgreSQL nothing is written to <c>zhiku.db</c>; the store folder keeps only what the node derives
/// and can rebuild (index replicas, vectors, caches). A store that has no PostgreSQL implementation yet is not replaced
/// by the SQLite one: reaching it throws <see cref="NotInPostgres"/>'s one line, so a command that needs it fails instead
/// of writing part of its data to the embedded file.
/// </summary>
public sealed class StorageEngine : IAsyncDisposable
{
    private readonly MetadataStore? _metadata;
    private readonly PostgresDatabase? _postgres;
    private readonly IDocumentStore? _documents;
    private readonly IDocumentSourceStore? _documentSources;
    private readonly IChunkStore? _chunks;
    private readonly IGroupStore? _groups;
    private readonly IAuditStore? _audit;
    private readonly IKnowledgeBaseStore? _knowledgeBases;
    private readonly IKnowledgeBaseAccessStore? _access;
    private readonly IUserStore? _users;
    private readonly IJobStore? _jobs;
    private readonly IChatStore? _chats;
    private readonly IFeedbackStore? _feedback;
    private readonly IQuarantineStore? _quarantine;
    private readonly IVaultStore? _vault;
    private readonly IOriginalFileStore? _originals;
    private readonly ISharedKeyStore? _sharedKeys;

    private StorageEngine(MetadataStore metadata, StoreLayout layout)
    {
        _metadata = metadata;
        Encryption = metadata.Encryption;
        _documents = new SqliteDocumentStore(metadata);
        _documentSources = new SqliteDocumentSourceStore(metadata);
        _chunks = new SqliteChunkStore(metadata);
        _groups = new SqliteGroupStore(metadata);
        _audit = new SqliteAuditStore(metadata);
        _knowledgeBases = new SqliteKnowledgeBaseStore(metadata);
        _access = new SqliteKnowledgeBaseAccessStore(metadata);
        _users = new SqliteUserStore(metadata);
        _jobs = new SqliteJobStore(metadata);
        _chats = new SqliteChatStore(metadata);
        _feedback = new SqliteFeedbackStore(metadata);
        _quarantine = new SqliteQuarantineStore(metadata);
        _vault = new FileVaultStore(layout.VaultFolder);
        _originals = new FileOriginalStore(layout.Root, metadata.Encryption);
    }

    private StorageEngine(PostgresDatabase database, IAtRestEncryption encryption)
    {
        _postgres = database;
        Database = database.Url;
        Encryption = encryption;
        _documents = new PostgresDocumentStore(database);
        _documentSources = new PostgresDocumentSourceStore(database);
        _chunks = new PostgresChunkStore(database);
        _groups = new PostgresGroupStore(database);
        _audit = new PostgresAuditStore(database);
        _knowledgeBases = new PostgresKnowledgeBaseStore(database);
        _access = new PostgresKnowledgeBaseAccessStore(database);
        _users = new PostgresUserStore(database);
        _jobs = new PostgresJobStore(database);
        _chats = new PostgresChatStore(database);
        _feedback = new PostgresFeedbackStore(database);
        _quarantine = new PostgresQuarantineStore(database);
        _vault = new PostgresVaultStore(database);
        _originals = new PostgresOriginalFileStore(database);
        _sharedKeys = new PostgresSharedKeyStore(database);
    }

    /// <summary>The PostgreSQL database that is the system of record, or null for the embedded store.</summary>
    public DatabaseUrl? Database { get; }

    /// <summary>"PostgreSQL" or "SQLite", for messages.</summary>
    public string Name => Database is null ? "SQLite" : "PostgreSQL";

    /// <summary>How files derived from the store's documents are written in the store folder (index files, vectors,
    /// uploads): encrypted under the store key when one is configured, with either engine.</summary>
    public IAtRestEncryption Encryption { get; }

    /// <summary>The embedded database's own synchronous paths (until they move behind the interfaces).</summary>
    /// <exception cref="ZhikuException">With PostgreSQL (<see cref="NotInPostgres"/>).</exception>
    public MetadataStore Metadata => _metadata ?? throw NotInPostgres("the embedded store's synchronous reads", "嵌入式存储的同步读取");

    /// <inheritdoc cref="IDocumentStore"/>
    public IDocumentStore Documents => _documents ?? throw NotInPostgres("documents", "文档");

    /// <inheritdoc cref="IDocumentSourceStore"/>
    public IDocumentSourceStore DocumentSources => _documentSources ?? throw NotInPostgres("document sources", "文档来源");

    /// <inheritdoc cref="IChunkStore"/>
    public IChunkStore Chunks => _chunks ?? throw NotInPostgres("chunks and the index backlog", "分块与索引待办");

    /// <inheritdoc cref="IGroupStore"/>
    public IGroupStore Groups => _groups ?? throw NotInPostgres("document groups", "文档分组");

    /// <inheritdoc cref="IAuditStore"/>
    public IAuditStore Audit => _audit ?? throw NotInPostgres("the audit log", "审计日志");

    /// <inheritdoc cref="IKnowledgeBaseStore"/>
    public IKnowledgeBaseStore KnowledgeBases => _knowledgeBases ?? throw NotInPostgres("knowledge bases", "知识库");

    /// <inheritdoc cref="IKnowledgeBaseAccessStore"/>
    public IKnowledgeBaseAccessStore Access => _access ?? throw NotInPostgres("knowledge-base owners, access lists and settings", "知识库权限与设置");

    /// <inheritdoc cref="IUserStore"/>
    public IUserStore Users => _users ?? throw NotInPostgres("users and API keys", "用户与 API 密钥");

    /// <inheritdoc cref="IJobStore"/>
    public IJobStore Jobs => _jobs ?? throw NotInPostgres("ingestion jobs", "导入任务");

    /// <inheritdoc cref="IChatStore"/>
    public IChatStore Chats => _chats ?? throw NotInPostgres("chats", "对话");

    /// <inheritdoc cref="IFeedbackStore"/>
    public IFeedbackStore Feedback => _feedback ?? throw NotInPostgres("answer feedback", "回答反馈");

    /// <inheritdoc cref="IQuarantineStore"/>
    public IQuarantineStore Quarantine => _quarantine ?? throw NotInPostgres("quarantined files", "隔离文件");

    /// <inheritdoc cref="IVaultStore"/>
    public IVaultStore Vault => _vault ?? throw NotInPostgres("the pseudonym vault", "假名映射库");

    /// <inheritdoc cref="IOriginalFileStore"/>
    public IOriginalFileStore Originals => _originals ?? throw NotInPostgres("original files", "原始文件");
    /// <summary>The keys the nodes of a shared database share (<see cref="ISharedKeyStore"/>), or null for the embedded
    /// store, whose one process keeps them in the store folder (<c>keys/</c>).</summary>
    public ISharedKeyStore? SharedKeys => _sharedKeys;

    /// <summary>The embedded store of <paramref name="layout"/>: <c>zhiku.db</c>, created or migrated on open.</summary>
    /// <exception cref="ZhikuException">As <see cref="MetadataStore.Open"/>.</exception>
    public static StorageEngine OpenEmbedded(StoreLayout layout, EncryptionKey? key) => new(MetadataStore.Open(layout.DatabasePath, key), layout);

    /// <summary>The engine <paramref name="database"/> names: PostgreSQL when given, else the embedded store of
    /// <paramref name="layout"/>.</summary>
    /// <exception cref="ZhikuException">As <see cref="PostgresDatabase.OpenAsync(DatabaseUrl, EncryptionKey?, CancellationToken)"/>
    /// (an unreachable server is <see cref="ErrorKind.Unavailable"/>, a newer schema <see cref="ErrorKind.InvalidInput"/>)
    /// or <see cref="MetadataStore.Open"/>.</exception>
    public static async Task<StorageEngine> OpenAsync(StoreLayout layout, DatabaseUrl? database, EncryptionKey? key, CancellationToken cancellationToken = default)
    {
        if (database is null)
        {
            return OpenEmbedded(layout, key);
        }

        PostgresDatabase postgres = await PostgresDatabase.OpenAsync(database, key, cancellationToken).ConfigureAwait(false);
        return new StorageEngine(postgres, key is null ? PlainStorage.Instance : new KeyedEncryption(key));
    }

    /// <summary>The error for a store this build cannot keep in PostgreSQL yet: one line naming it and the way out.</summary>
    public ZhikuException NotInPostgres(string what, string chinese)
    {
        string subject = Database?.Subject ?? DatabaseUrl.Variable;
        return ZhikuException.InvalidInput(
            $"{subject}: {what}: not yet stored in PostgreSQL by this Zhiku, so this cannot run against {Database}; run it on the embedded store (without {subject}) / {chinese}尚未支持存储在 PostgreSQL 中，请去掉 {subject} 使用嵌入式存储",
            subject);
    }

    public ValueTask DisposeAsync() => _postgres?.DisposeAsync() ?? ValueTask.CompletedTask;
}
