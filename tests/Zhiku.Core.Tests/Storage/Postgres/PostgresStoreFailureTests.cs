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
                IUserStore users = new PostgresUserStore(database);
                IAuditStore audit = new PostgresAuditStore(database);
                IDocumentStore documents = new PostgresDocumentStore(database);
                IDocumentSourceStore sources = new PostgresDocumentSourceStore(database);
                IGroupStore groups = new PostgresGroupStore(database);
                IKnowledgeBaseStore kbs = new PostgresKnowledgeBaseStore(database);
                IKnowledgeBaseAccessStore access = new PostgresKnowledgeBaseAccessStore(database);
                IChunkStore chunks = new PostgresChunkStore(database);
                IChangeLog changes = new PostgresChangeLog(database);
                Assert.Empty(await quarantine.ListAsync(1));
                Assert.True((await chunks.GetBacklogAsync(1)).IsEmpty);
                Assert.Empty(await audit.ListAsync());
                Assert.Empty(await documents.ListAsync(1));
                Assert.Null(await users.FindByKeyAsync("zk_some-key"));
                Assert.Empty(await kbs.ListAsync());

                // The server ends the node's sessions (a restart, a failover) and no longer lets it sign in.
                await AdminAsync(test, $"ALTER ROLE {role} NOLOGIN; SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '{role}';");

                ZhikuException list = await Assert.ThrowsAsync<ZhikuException>(() => quarantine.ListAsync(1));
                ZhikuException create = await Assert.ThrowsAsync<ZhikuException>(() => chats.CreateAsync(1, 1, "q"));
                ZhikuException key = await Assert.ThrowsAsync<ZhikuException>(() => users.FindByKeyAsync("zk_some-key"));
                ZhikuException audited = await Assert.ThrowsAsync<ZhikuException>(() => audit.ListAsync());
                Assert.Equal((ErrorKind.Unavailable, ErrorKind.Unavailable, ErrorKind.Unavailable, ErrorKind.Unavailable),
                    (list.Kind, create.Kind, key.Kind, audited.Kind));
                Assert.Contains("read the audit log", audited.Message, StringComparison.Ordinal);
                ZhikuException replace = await Assert.ThrowsAsync<ZhikuException>(() => documents.ReplaceAsync(1, "/d/a.md", []));
                ZhikuException promote = await Assert.ThrowsAsync<ZhikuException>(() => sources.PromoteNextAsync(1, "/d/a.md"));
                ZhikuException readers = await Assert.ThrowsAsync<ZhikuException>(() => groups.GetUnreadableDocumentsAsync(1, Zhiku.Core.Access.ReadAccess.ForGroups(["hr"])));
                Assert.Equal((ErrorKind.Unavailable, ErrorKind.Unavailable, ErrorKind.Unavailable), (replace.Kind, promote.Kind, readers.Kind));
                Assert.Contains("write documents", replace.Message, StringComparison.Ordinal);
                ZhikuException kb = await Assert.ThrowsAsync<ZhikuException>(() => kbs.CreateAsync("kb", "cloud"));
                ZhikuException visible = await Assert.ThrowsAsync<ZhikuException>(() =>
                    access.ListVisibleAsync(new Zhiku.Core.Access.UserInfo(1, "u", "reader", [], false, false, DateTimeOffset.UtcNow)));
                Assert.Equal((ErrorKind.Unavailable, ErrorKind.Unavailable), (kb.Kind, visible.Kind));
                Assert.Contains("create a knowledge base", kb.Message, StringComparison.Ordinal);
                ZhikuException backlog = await Assert.ThrowsAsync<ZhikuException>(() => chunks.GetBacklogAsync(1));
                ZhikuException mark = await Assert.ThrowsAsync<ZhikuException>(() => chunks.MarkIndexedAsync(1, [1], [2]));
                ZhikuException follow = await Assert.ThrowsAsync<ZhikuException>(() => changes.ReadAfterAsync(null, 0));
                Assert.Equal((ErrorKind.Unavailable, ErrorKind.Unavailable, ErrorKind.Unavailable), (backlog.Kind, mark.Kind, follow.Kind));
                Assert.Contains("read the change log", follow.Message, StringComparison.Ordinal);
                Assert.Contains("check an API key", key.Message, StringComparison.Ordinal);
                Assert.IsAssignableFrom<NpgsqlException>(list.InnerException);
                Assert.Contains("list quarantined files", list.Message, StringComparison.Ordinal);
            }
        }
        finally
        {
            await AdminAsync(test, $"DROP SCHEMA IF EXISTS {test.Schema} CASCADE; DROP ROLE IF EXISTS {role};");
        }
    }

    [Fact]
    public async Task WritesToAReadOnlyServerAreUnavailableAndReadsGoOn()
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
                long kb = (long)(await test.ScalarAsync("INSERT INTO kbs(name, created_at) VALUES('kb', now()) RETURNING id;"))!;
                IJobStore jobs = new PostgresJobStore(database);
                Zhiku.Core.Jobs.JobRecord job = await jobs.CreateAsync(kb, null, "ingest", [], [], null, force: false);

                // What a node sees when its server became a standby (a failover it has not followed yet): every
                // transaction is read-only.
                await AdminAsync(test, $"ALTER ROLE {role} SET default_transaction_read_only = on; SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '{role}';");

                // The pool's old sessions were ended (57P01, also Unavailable); new ones are read-only (25006).
                var states = new List<string>();
                do
                {
                    ZhikuException write = await Assert.ThrowsAsync<ZhikuException>(() => jobs.MarkStartedAsync(job.Id));
                    Assert.Equal(ErrorKind.Unavailable, write.Kind);
                    states.Add(Assert.IsType<PostgresException>(write.InnerException).SqlState);
                }
                while (states[^1] == "57P01" && states.Count < 10);

                Assert.Equal("25006", states[^1]);
                Assert.Equal(Zhiku.Core.Jobs.JobStatus.Queued, (await jobs.GetAsync(job.Id))!.Status);
            }
        }
        finally
        {
            await AdminAsync(test, $"DROP SCHEMA IF EXISTS {test.Schema} CASCADE; DROP ROLE IF EXISTS {role};");
        }
    }

    [Fact]
    public async Task AHostListSkipsAServerThatIsDownAndUsesTheNext()
    {
        await using PostgresTestDatabase test = await PostgresTestDatabase.CreateAsync();
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        int deadPort = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        NpgsqlConnectionStringBuilder settings = test.Url.Settings();
        settings.Host = $"127.0.0.1:{deadPort},{settings.Host}:{settings.Port}";
        settings.TargetSessionAttributes = "primary";

        await using PostgresDatabase database = await PostgresDatabase.OpenAsync(DatabaseUrl.Parse(settings.ConnectionString));

        Assert.Equal(PostgresMigrations.Latest, database.SchemaVersion);
        Assert.Equal($"127.0.0.1:{deadPort}", database.Url.Hosts[0]);
        Assert.Empty(await new PostgresQuarantineStore(database).ListAsync(1));
    }

    private static async Task AdminAsync(PostgresTestDatabase test, string sql)
    {
        await using var connection = new NpgsqlConnection(test.Server.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
