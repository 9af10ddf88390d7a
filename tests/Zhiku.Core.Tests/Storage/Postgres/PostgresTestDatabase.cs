using Npgsql;
using Zhiku.Core.Storage.Postgres;

namespace Zhiku.Core.Tests.Storage.Postgres;

/// <summary>
/// A fresh schema on the test server (<c>ZHIKU_TEST_DATABASE_URL</c>) for one test, dropped afterwards; <see cref="Url"/>
/// points Npgsql's search path at it, so tests never see each other's tables. Without the variable a test fails with
/// the command that starts a throwaway server: PostgreSQL tests are never skipped.
/// </summary>
public sealed class PostgresTestDatabase : IAsyncDisposable
{
    /// <summary>The variable <c>.ci/postgres.sh start</c> exports.</summary>
    public const string Variable = "ZHIKU_TEST_DATABASE_URL";

    private PostgresTestDatabase(DatabaseUrl server, string schema, DatabaseUrl url)
    {
        Server = server;
        Schema = schema;
        Url = url;
    }

    /// <summary>The test server as the variable names it (its default schema).</summary>
    public DatabaseUrl Server { get; }

    /// <summary>This test's schema.</summary>
    public string Schema { get; }

    /// <summary>The server with this test's schema as the search path.</summary>
    public DatabaseUrl Url { get; }

    /// <summary>The test server's address, or a failure saying how to start one.</summary>
    public static DatabaseUrl ServerUrl()
    {
        string? value = Environment.GetEnvironmentVariable(Variable);
        Assert.False(string.IsNullOrWhiteSpace(value),
            $"{Variable} is not set: PostgreSQL tests need a server. Start a throwaway one with eval \"$(.ci/postgres.sh start)\" (stop it with .ci/postgres.sh stop); .ci/run does this itself.");
        return DatabaseUrl.Parse(value!, Variable);
    }

    /// <summary>Creates a new empty schema on the test server.</summary>
    public static async Task<PostgresTestDatabase> CreateAsync()
    {
        DatabaseUrl server = ServerUrl();
        string schema = "zk_test_" + Guid.NewGuid().ToString("N");
        await using (var connection = new NpgsqlConnection(server.ConnectionString))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE SCHEMA {schema};", connection);
            await create.ExecuteNonQueryAsync();
        }

        NpgsqlConnectionStringBuilder settings = server.Settings();
        settings.SearchPath = schema;
        return new PostgresTestDatabase(server, schema, DatabaseUrl.Parse(settings.ConnectionString, Variable));
    }

    /// <summary>Runs SQL in this test's schema and returns the first column of the first row.</summary>
    public async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(Url.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        object? value = await command.ExecuteScalarAsync();
        return value is DBNull ? null : value;
    }

    public async ValueTask DisposeAsync()
    {
        await using var connection = new NpgsqlConnection(Server.ConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP SCHEMA IF EXISTS {Schema} CASCADE;", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
