using Npgsql;
using Zhiku.Core.Storage;
using Zhiku.Core.Storage.Postgres;

namespace Zhiku.Core.Tests.Storage.Postgres;

/// <summary>A PostgreSQL store that loses its server answers <see cref="ErrorKind.Unavailable"/>, as the interfaces promise.</summary>
public sealed class PostgresStoreFailureTests
{
    [Fact]
    public async Task AStoreWhoseServerDropsItAndRefusesToReconnectIsUnavailable()
    {
        await using PostgresTestDatabase test = await PostgresTestDatabase.CreateAsync();
        string role = "zk_role_" + Guid.NewGuid().ToString("N");
        await AdminAsync(test, $"CREATE ROLE {role} LOGIN; GRANT USAGE, CREATE ON SCHEMA {test.Schema} TO {role};");
        try
        {
            NpgsqlConnectionStringBuilder settings = test.Url.Settings();
            settings.Username = role;
            await using (PostgresDatabase database = await PostgresDatabase.OpenAsync(DatabaseUrl.Parse(settings.ConnectionString)))
            {
                IQuarantineStore quarantine = new PostgresQuarantineStore(database);
                IChatStore chats = new PostgresChatStore(database);
                Assert.Empty(await quarantine.ListAsync(1));

                // The server ends the node's sessions (a restart, a failover) and no longer lets it sign in.
                await AdminAsync(test, $"ALTER ROLE {role} NOLOGIN; SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '{role}';");

                ZhikuException list = await Assert.ThrowsAsync<ZhikuException>(() => quarantine.ListAsync(1));
                ZhikuException create = await Assert.ThrowsAsync<ZhikuException>(() => chats.CreateAsync(1, 1, "q"));
                Assert.Equal((ErrorKind.Unavailable, ErrorKind.Unavailable), (list.Kind, create.Kind));
                Assert.IsAssignableFrom<NpgsqlException>(list.InnerException);
                Assert.Contains("list quarantined files", list.Message, StringComparison.Ordinal);
            }
        }
        finally
        {
            await AdminAsync(test, $"DROP SCHEMA IF EXISTS {test.Schema} CASCADE; DROP ROLE IF EXISTS {role};");
        }
    }

    private static async Task AdminAsync(PostgresTestDatabase test, string sql)
    {
        await using var connection = new NpgsqlConnection(test.Server.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
