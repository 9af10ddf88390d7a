using Zhiku.Core.Security;
using Zhiku.Core.Storage.Postgres;

namespace Zhiku.Core.Tests.Storage.Postgres;

/// <summary>Opening a PostgreSQL system of record: migrations once, under the schema lock; a newer schema, an unreachable
/// server and a wrong key refused with one clear line.</summary>
public sealed class PostgresDatabaseTests
{
    [Fact]
    public async Task OpeningMigratesOnceAndRecordsTheVersion()
    {
        await using PostgresTestDatabase test = await PostgresTestDatabase.CreateAsync();

        await using (PostgresDatabase first = await PostgresDatabase.OpenAsync(test.Url))
        {
            Assert.Equal(PostgresMigrations.Latest, first.SchemaVersion);
        }

        await using PostgresDatabase again = await PostgresDatabase.OpenAsync(test.Url);
        Assert.Equal(PostgresMigrations.Latest, again.SchemaVersion);
        Assert.Equal((long)PostgresMigrations.Latest, await test.ScalarAsync("SELECT COUNT(*) FROM schema_migrations;"));
        Assert.Equal(PostgresMigrations.Latest.ToString(System.Globalization.CultureInfo.InvariantCulture),
            await test.ScalarAsync("SELECT value FROM meta WHERE key = 'schema_version';"));
    }

    [Fact]
    public async Task AnOlderSchemaGetsOnlyTheMissingSteps()
    {
        await using PostgresTestDatabase test = await PostgresTestDatabase.CreateAsync();
        await using (PostgresDatabase old = await PostgresDatabase.OpenAsync(test.Url, null, PostgresMigrations.All.Take(2).ToList(), default))
        {
            Assert.Equal(2, old.SchemaVersion);
        }

        await test.ScalarAsync("INSERT INTO kbs(name, created_at) VALUES('kept', now());");
        await using PostgresDatabase upgraded = await PostgresDatabase.OpenAsync(test.Url);

        Assert.Equal(PostgresMigrations.Latest, upgraded.SchemaVersion);
        Assert.Equal("kept", await test.ScalarAsync("SELECT name FROM kbs;"));
        Assert.Equal((long)PostgresMigrations.Latest, await test.ScalarAsync("SELECT COUNT(*) FROM schema_migrations;"));
    }

    [Fact]
    public async Task NodesStartingAtOnceMigrateOnce()
    {
        await using PostgresTestDatabase test = await PostgresTestDatabase.CreateAsync();

        // A step that fails when run twice: a second, unlocked migration would break on it or on any CREATE TABLE.
        var migrations = PostgresMigrations.All.Append(new PostgresMigration(PostgresMigrations.Latest + 1, "count runs",
            "CREATE TABLE runs(n integer); INSERT INTO runs VALUES(1); SELECT pg_sleep(0.2);")).ToList();
        PostgresDatabase[] nodes = await Task.WhenAll(Enumerable.Range(0, 6)
            .Select(_ => Task.Run(() => PostgresDatabase.OpenAsync(test.Url, null, migrations, default))));
        try
        {
            Assert.All(nodes, n => Assert.Equal(migrations.Count, n.SchemaVersion));
            Assert.Equal(1L, await test.ScalarAsync("SELECT COUNT(*) FROM runs;"));
            Assert.Equal((long)migrations.Count, await test.ScalarAsync("SELECT COUNT(*) FROM schema_migrations;"));
        }
        finally
        {
            foreach (PostgresDatabase node in nodes)
            {
                await node.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task ANodeRefusesASchemaNewerThanItKnowsInOneLine()
    {
        await using PostgresTestDatabase test = await PostgresTestDatabase.CreateAsync();
        var newer = PostgresMigrations.All.Append(new PostgresMigration(PostgresMigrations.Latest + 1, "from the future", "CREATE TABLE future(x integer);")).ToList();
        await (await PostgresDatabase.OpenAsync(test.Url, null, newer, default)).DisposeAsync();

        ZhikuException ex = await Assert.ThrowsAsync<ZhikuException>(() => PostgresDatabase.OpenAsync(test.Url));

        Assert.Equal(ErrorKind.InvalidInput, ex.Kind);
        Assert.Contains($"schema version {PostgresMigrations.Latest + 1}, newer than this Zhiku knows ({PostgresMigrations.Latest})", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
        Assert.Equal((long)newer.Count, await test.ScalarAsync("SELECT COUNT(*) FROM schema_migrations;"));
    }

    [Fact]
    public async Task AServerThatCannotBeReachedIsUnavailableWithoutThePassword()
    {
        // A loopback port nothing listens on: the listener is stopped before the connection is tried.
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        int port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        DatabaseUrl url = DatabaseUrl.Parse($"postgresql://zk:hunter2-secret@127.0.0.1:{port}/zhiku?connect_timeout=5");

        ZhikuException ex = await Assert.ThrowsAsync<ZhikuException>(() => PostgresDatabase.OpenAsync(url));

        Assert.Equal(ErrorKind.Unavailable, ex.Kind);
        Assert.Contains($"127.0.0.1:{port}", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", ex.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<Npgsql.NpgsqlException>(ex.InnerException);
    }

    [Fact]
    public async Task ASearchPathWithNoSchemaIsInvalidInput()
    {
        Npgsql.NpgsqlConnectionStringBuilder settings = PostgresTestDatabase.ServerUrl().Settings();
        settings.SearchPath = "zk_missing_" + Guid.NewGuid().ToString("N");

        ZhikuException ex = await Assert.ThrowsAsync<ZhikuException>(() => PostgresDatabase.OpenAsync(DatabaseUrl.Parse(settings.ConnectionString)));

        Assert.Equal(ErrorKind.InvalidInput, ex.Kind);
        Assert.Contains("search path", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnEncryptedDatabaseRefusesNoKeyAndAnotherKey()
    {
        await using PostgresTestDatabase test = await PostgresTestDatabase.CreateAsync();
        EncryptionKey key = EncryptionKey.Generate();
        await using (PostgresDatabase keyed = await PostgresDatabase.OpenAsync(test.Url, key))
        {
            Assert.True(keyed.EncryptsText);
        }

        ZhikuException none = await Assert.ThrowsAsync<ZhikuException>(() => PostgresDatabase.OpenAsync(test.Url));
        ZhikuException other = await Assert.ThrowsAsync<ZhikuException>(() => PostgresDatabase.OpenAsync(test.Url, EncryptionKey.Generate()));

        Assert.Equal((ErrorKind.Forbidden, ErrorKind.Forbidden), (none.Kind, other.Kind));
        Assert.Contains(key.KeyId, other.Message, StringComparison.Ordinal);
        await (await PostgresDatabase.OpenAsync(test.Url, key)).DisposeAsync();
    }

    [Fact]
    public async Task ACancelledOpenThrowsOperationCanceled()
    {
        await using PostgresTestDatabase test = await PostgresTestDatabase.CreateAsync();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => PostgresDatabase.OpenAsync(test.Url, cancellationToken: cancelled.Token));
    }
}
