using Microsoft.Data.Sqlite;
using Zhiku.Core.Security;
using Zhiku.Core.Storage;
using Zhiku.Core.Storage.Files;
using Zhiku.Core.Storage.Sqlite;

namespace Zhiku.Core.Tests.Storage;

/// <summary>The stores of a new SQLite file in a temp folder.</summary>
public sealed class SqliteStoreEngine : StoreEngine
{
    private readonly TempFolder _temp = new();
    private readonly MetadataStore _metadata;

    public SqliteStoreEngine(EncryptionKey? key)
    {
        _metadata = MetadataStore.Open(Path.Combine(_temp.Path, "zhiku.db"), key);
        Audit = new SqliteAuditStore(_metadata);
        Chats = new SqliteChatStore(_metadata);
        Chunks = new SqliteChunkStore(_metadata);
        Documents = new SqliteDocumentStore(_metadata);
        Sources = new SqliteDocumentSourceStore(_metadata);
        Groups = new SqliteGroupStore(_metadata);
        Feedback = new SqliteFeedbackStore(_metadata);
        Jobs = new SqliteJobStore(_metadata);
        KnowledgeBases = new SqliteKnowledgeBaseStore(_metadata);
        KnowledgeBaseAccess = new SqliteKnowledgeBaseAccessStore(_metadata);
        Quarantine = new SqliteQuarantineStore(_metadata);
        Users = new SqliteUserStore(_metadata);
        Vault = new FileVaultStore(Path.Combine(_temp.Path, "vault"));
        Originals = new FileOriginalStore(OriginalsRoot, key is null ? PlainStorage.Instance : new KeyedEncryption(key));
    }

    public override IAuditStore Audit { get; }

    public override IChatStore Chats { get; }

    public override IChunkStore Chunks { get; }

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

    /// <summary>The store's file, for what only the embedded engine has (its synchronous path).</summary>
    public MetadataStore Metadata => _metadata;

    public override IOriginalFileStore Originals { get; }

    private string OriginalsRoot => Path.Combine(_temp.Path, "originals");

    public override Task<long> OriginalsFootprintAsync() => Task.FromResult(Directory.Exists(OriginalsRoot)
        ? Directory.EnumerateFiles(OriginalsRoot, "*", SearchOption.AllDirectories).LongCount()
        : 0L);

    public override async Task<string?> StoredTextAsync(string sql)
    {
        await using SqliteConnection connection = await _metadata.ConnectAsync(default);
        await using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync() as string;
    }

    public override async Task<long> CountAsync(string sql)
    {
        await using SqliteConnection connection = await _metadata.ConnectAsync(default);
        await using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public override async Task ExecuteAsync(string sql)
    {
        await using SqliteConnection connection = await _metadata.ConnectAsync(default);
        await using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    public override ValueTask DisposeAsync()
    {
        _temp.Dispose();
        return ValueTask.CompletedTask;
    }
}
