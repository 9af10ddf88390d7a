using Zhiku.Core.Storage;
using Zhiku.Core.Storage.Postgres;
using Zhiku.Core.Storage.Sqlite;
using Zhiku.Core.Tests.Storage.Postgres;

namespace Zhiku.Core.Tests.Storage;

/// <summary>The one composition of the stores: every store from one engine, the store folder left without zhiku.db
/// under PostgreSQL, and a store PostgreSQL does not keep yet refused in one line instead of served from SQLite.</summary>
public sealed class StorageEngineTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "zhiku-engine-test-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Without_a_database_every_store_is_the_embedded_one_in_the_folder()
    {
        await using ZhikuStore store = await ZhikuStore.OpenAsync(_root, database: null, key: null);

        Assert.Null(store.Engine.Database);
        Assert.Equal("SQLite", store.Engine.Name);
        Assert.True(File.Exists(store.Layout.DatabasePath));
        Assert.IsType<SqliteKnowledgeBaseStore>(store.KnowledgeBases);
        Assert.IsType<SqliteUserStore>(store.Users);
        Assert.IsType<SqliteJobStore>(store.Engine.Jobs);
        Assert.NotNull(store.Metadata);
    }

    [Fact]
    public async Task With_a_database_every_store_is_in_postgres_and_the_folder_gets_no_sqlite_file()
    {
        await using PostgresTestDatabase database = await PostgresTestDatabase.CreateAsync();
        await using ZhikuStore store = await ZhikuStore.OpenAsync(_root, database.Url, key: null);

        Assert.Equal("PostgreSQL", store.Engine.Name);
        Assert.Same(database.Url, store.Engine.Database);
        Assert.IsType<PostgresKnowledgeBaseStore>(store.KnowledgeBases);
        Assert.IsType<PostgresKnowledgeBaseAccessStore>(store.Engine.Access);
        Assert.IsType<PostgresDocumentStore>(store.Documents);
        Assert.IsType<PostgresDocumentSourceStore>(store.DocumentSources);
        Assert.IsType<PostgresChunkStore>(store.Chunks);
        Assert.IsType<PostgresGroupStore>(store.Groups);
        Assert.IsType<PostgresUserStore>(store.Users);
        Assert.IsType<PostgresJobStore>(store.Engine.Jobs);
        Assert.IsType<PostgresChatStore>(store.Engine.Chats);
        Assert.IsType<PostgresFeedbackStore>(store.Engine.Feedback);
        Assert.IsType<PostgresQuarantineStore>(store.Quarantine);
        Assert.IsType<PostgresAuditStore>(store.Audit);
        Assert.IsType<PostgresVaultStore>(store.Vault);

        KnowledgeBaseInfo created = await store.CreateKnowledgeBaseAsync("hr", "local-only");
        Assert.Equal(1L, await database.ScalarAsync("SELECT count(*) FROM kbs WHERE name = 'hr';"));
        Assert.Equal(created.Id, (await store.KnowledgeBases.FindAsync("hr"))!.Id);
        Assert.False(File.Exists(store.Layout.DatabasePath), "zhiku.db was written beside a PostgreSQL system of record");
        Assert.False(Directory.Exists(store.Layout.VaultFolder));
    }

    [Fact]
    public async Task A_store_not_kept_in_postgres_yet_is_one_line_naming_the_option_and_never_the_sqlite_file()
    {
        await using PostgresTestDatabase test = await PostgresTestDatabase.CreateAsync();
        DatabaseUrl url = DatabaseUrl.Parse(test.Url.ConnectionString + ";Password=s3cret-pw", "--database");
        await using ZhikuStore store = await ZhikuStore.OpenAsync(_root, url, key: null);

        var error = Assert.Throws<ZhikuException>(() => store.Metadata);

        Assert.Equal(ErrorKind.InvalidInput, error.Kind);
        Assert.Equal("--database", error.Subject);
        Assert.StartsWith("--database: ", error.Message);
        Assert.Contains("not yet stored in PostgreSQL", error.Message);
        Assert.DoesNotContain('\n', error.Message);
        Assert.DoesNotContain("s3cret-pw", error.Message);
        Assert.False(File.Exists(store.Layout.DatabasePath));
    }

    [Fact]
    public async Task An_unreachable_server_is_unavailable_in_one_line_without_the_password()
    {
        // Port 1 on loopback: nothing listens there, the connection is refused at once.
        DatabaseUrl url = DatabaseUrl.Parse("postgresql://zhiku:s3cret-pw@127.0.0.1:1/zhiku", "--database");

        var error = await Assert.ThrowsAsync<ZhikuException>(() => ZhikuStore.OpenAsync(_root, url, key: null));

        Assert.Equal(ErrorKind.Unavailable, error.Kind);
        Assert.Contains("zhiku@127.0.0.1:1/zhiku", error.Message);
        Assert.DoesNotContain('\n', error.Message);
        Assert.DoesNotContain("s3cret-pw", error.Message);
        Assert.False(File.Exists(Path.Combine(_root, "zhiku.db")));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }
}
