using System.Globalization;
using Microsoft.Data.Sqlite;
using Zhiku.Core.Storage;
using Zhiku.Core.Storage.Sqlite;

namespace Zhiku.Core.Tests.Storage;

/// <summary>The recorded schema version: missing steps run once, in one transaction; a newer store is refused.</summary>
public sealed class SchemaMigrationTests
{
    [Fact]
    public void ANewStoreRecordsEveryStepAndTheLatestVersion()
    {
        using var temp = new TempFolder();
        string db = Path.Combine(temp.Path, "zhiku.db");
        MetadataStore store = MetadataStore.Open(db);

        Assert.Equal(SqliteMigrations.Latest, store.SchemaVersion);
        Assert.Equal(SqliteMigrations.All.Select(m => (long)m.Version), Column(db, "SELECT version FROM schema_migrations ORDER BY version;").Cast<long>());
        Assert.Equal([SqliteMigrations.Latest.ToString(CultureInfo.InvariantCulture)], Column(db, "SELECT value FROM meta WHERE key = 'schema_version';").Cast<string>());
        Assert.Equal(Enumerable.Range(1, SqliteMigrations.All.Count), SqliteMigrations.All.Select(m => m.Version));
    }

    [Fact]
    public void OpeningAgainRunsNothing()
    {
        using var temp = new TempFolder();
        string db = Path.Combine(temp.Path, "zhiku.db");
        MetadataStore.Open(db);
        string first = Assert.Single(Column(db, "SELECT MAX(applied_at) FROM schema_migrations;")).ToString()!;
        MetadataStore.Open(db);
        Assert.Equal(SqliteMigrations.All.Count, Column(db, "SELECT version FROM schema_migrations;").Count);
        Assert.Equal(first, Assert.Single(Column(db, "SELECT MAX(applied_at) FROM schema_migrations;")).ToString());
    }

    [Fact]
    public void AnOlderStoreRunsOnlyTheMissingSteps()
    {
        using var temp = new TempFolder();
        string db = Path.Combine(temp.Path, "zhiku.db");
        SqliteDatabase.Open(db, SqliteMigrations.All.Take(2).ToList());
        Assert.Empty(Column(db, "SELECT name FROM sqlite_master WHERE name = 'jobs';"));

        SqliteDatabase upgraded = SqliteDatabase.Open(db);
        Assert.Equal(SqliteMigrations.Latest, upgraded.SchemaVersion);
        Assert.Single(Column(db, "SELECT name FROM sqlite_master WHERE name = 'jobs';"));
        Assert.Equal(SqliteMigrations.All.Count, Column(db, "SELECT version FROM schema_migrations;").Count);
    }

    [Fact]
    public void AFailingStepLeavesTheStoreAsItWas()
    {
        using var temp = new TempFolder();
        string db = Path.Combine(temp.Path, "zhiku.db");
        SqliteDatabase.Open(db, SqliteMigrations.All.Take(1).ToList());
        var broken = SqliteMigrations.All.Take(3)
            .Append(new SqliteMigration(4, "broken", (c, t) => SqliteDatabase.Execute(c, t, "CREATE TABLE oops(;")))
            .ToList();

        Assert.Throws<SqliteException>(() => SqliteDatabase.Open(db, broken));

        Assert.Equal([1L], Column(db, "SELECT version FROM schema_migrations;").Cast<long>());
        Assert.Empty(Column(db, "SELECT name FROM sqlite_master WHERE name IN ('users', 'kb_access');"));
        Assert.Equal(SqliteMigrations.Latest, SqliteDatabase.Open(db).SchemaVersion);
    }

    [Theory]
    [InlineData("INSERT INTO schema_migrations(version, name, applied_at) VALUES(999, 'from the future', '2030-01-01');")]
    [InlineData("UPDATE meta SET value = '999' WHERE key = 'schema_version';")]
    public void AStoreWrittenByANewerZhikuIsRefusedInOneLine(string sql)
    {
        using var temp = new TempFolder();
        string db = Path.Combine(temp.Path, "zhiku.db");
        MetadataStore.Open(db);
        Execute(db, sql);

        var refused = Assert.Throws<ZhikuException>(() => MetadataStore.Open(db));
        Assert.Contains("999", refused.Message, StringComparison.Ordinal);
        Assert.Contains(SqliteMigrations.Latest.ToString(CultureInfo.InvariantCulture), refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', refused.Message);
    }

    [Fact]
    public async Task AStoreOfTheReleaseBeforeMigrationsRunsEveryStepAndKeepsItsRows()
    {
        // What that release wrote: schema_version 1 in meta, tables created by whichever stores had been opened.
        using var temp = new TempFolder();
        string db = Path.Combine(temp.Path, "zhiku.db");
        Execute(db, """
            CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
            INSERT INTO meta VALUES('schema_version', '1');
            CREATE TABLE kbs(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, policy TEXT NOT NULL DEFAULT 'cloud', created_at TEXT NOT NULL);
            INSERT INTO kbs(name, created_at) VALUES('default', '2025-01-01T00:00:00.0000000+00:00');
            CREATE TABLE job_files(job_id INTEGER NOT NULL, ordinal INTEGER NOT NULL, name TEXT NOT NULL, staged_path TEXT NOT NULL,
                target_path TEXT NOT NULL, size INTEGER NOT NULL, status TEXT NOT NULL, reason TEXT,
                documents INTEGER NOT NULL DEFAULT 0, chunks INTEGER NOT NULL DEFAULT 0, PRIMARY KEY(job_id, ordinal));
            """);

        MetadataStore store = MetadataStore.Open(db);

        Assert.Equal(SqliteMigrations.Latest, store.SchemaVersion);
        Assert.Equal("default", Assert.Single((await new SqliteKnowledgeBaseStore(store).ListAsync())).Name);
        Assert.Single(Column(db, "SELECT name FROM pragma_table_info('job_files') WHERE name = 'attempts';"));
        Assert.Single(Column(db, "SELECT name FROM pragma_table_info('documents') WHERE name = 'groups';"));
    }

    private static List<object> Column(string db, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={db};Pooling=False");
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        using SqliteDataReader reader = command.ExecuteReader();
        var values = new List<object>();
        while (reader.Read())
        {
            values.Add(reader.GetValue(0));
        }

        return values;
    }

    private static void Execute(string db, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={db};Pooling=False");
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
