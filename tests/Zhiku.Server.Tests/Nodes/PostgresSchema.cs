using Npgsql;

namespace Zhiku.Server.Tests.Nodes;

/// <summary>A fresh schema on the test server (<c>ZHIKU_TEST_DATABASE_URL</c>, from <c>.ci/postgres.sh start</c>) for
/// one test, dropped afterwards. <see cref="ConnectionString"/> points the search path at it. Without the variable the
/// test fails and says how to start a server: PostgreSQL tests are never skipped.</summary>
public sealed class PostgresSchema : IAsyncDisposable
{
    private readonly string _server;

    private PostgresSchema(string server, string schema, string connectionString)
    {
        _server = server;
        Schema = schema;
        ConnectionString = connectionString;
    }

    public string Schema { get; }

    /// <summary>The test server with this schema as the search path (a connection string, as --database takes it).</summary>
    public string ConnectionString { get; }

    public static async Task<PostgresSchema> CreateAsync()
    {
        string? server = Environment.GetEnvironmentVariable("ZHIKU_TEST_DATABASE_URL");
        Assert.False(string.IsNullOrWhiteSpace(server),
            "ZHIKU_TEST_DATABASE_URL is not set: start a throwaway PostgreSQL with eval \"$(.ci/postgres.sh start)\"; .ci/run does this itself.");
        string schema = "zk_srv_" + Guid.NewGuid().ToString("N");
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE SCHEMA {schema};", connection);
            await create.ExecuteNonQueryAsync();
        }

        var settings = new NpgsqlConnectionStringBuilder(server) { SearchPath = schema };
        return new PostgresSchema(server!, schema, settings.ConnectionString);
    }

    /// <summary>The first column of each row of <paramref name="sql"/>, run in this schema.</summary>
    public async Task<List<object?>> ColumnAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using NpgsqlDataReader reader = await command.ExecuteReaderAsync();
        var values = new List<object?>();
        while (await reader.ReadAsync())
        {
            values.Add(reader.IsDBNull(0) ? null : reader.GetValue(0));
        }

        return values;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_server);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP SCHEMA IF EXISTS {Schema} CASCADE;", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
