using Npgsql;
using Zhiku.Core.Storage.Postgres;

namespace Zhiku.Core.Tests.Storage.Postgres;

/// <summary>The two forms of <c>ZHIKU_DATABASE_URL</c>, and errors that name the bad part without showing the password.</summary>
public sealed class DatabaseUrlTests
{
    private const string Secret = "s3cr3t-Pa55";

    [Fact]
    public void AConnectionStringIsReadAsNpgsqlReadsIt()
    {
        DatabaseUrl url = DatabaseUrl.Parse($"Host=db1,db2:5433;Port=5432;Database=zhiku;Username=zk;Password={Secret};Target Session Attributes=primary");

        Assert.Equal(["db1:5432", "db2:5433"], url.Hosts);
        Assert.Equal(("zhiku", "zk"), (url.Database, url.Username));
        var settings = new NpgsqlConnectionStringBuilder(url.ConnectionString);
        Assert.Equal(Secret, settings.Password);
        Assert.Equal("primary", settings.TargetSessionAttributes);
        Assert.Equal("zk@db1:5432,db2:5433/zhiku", url.ToString());
        Assert.DoesNotContain(Secret, url.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void AUrlIsPercentDecodedAndMayNameSeveralHosts()
    {
        DatabaseUrl url = DatabaseUrl.Parse("postgresql://zhiku%40corp:p%40ss%3Aw%2Fo%25rd@host1:5432,host2:5433/%E7%9F%A5%E5%BA%93?target_session_attrs=primary&sslmode=prefer&application_name=zhiku%20node");

        Assert.Equal(["host1:5432", "host2:5433"], url.Hosts);
        Assert.Equal(("知库", "zhiku@corp"), (url.Database, url.Username));
        var settings = new NpgsqlConnectionStringBuilder(url.ConnectionString);
        Assert.Equal("p@ss:w/o%rd", settings.Password);
        Assert.Equal("primary", settings.TargetSessionAttributes);
        Assert.Equal(SslMode.Prefer, settings.SslMode);
        Assert.Equal("zhiku node", settings.ApplicationName);
    }

    [Fact]
    public void AUrlWithOneHostSetsItsPortAndDefaultsThePort()
    {
        DatabaseUrl withPort = DatabaseUrl.Parse("postgres://zk@db.example:6543/zhiku");
        Assert.Equal(6543, new NpgsqlConnectionStringBuilder(withPort.ConnectionString).Port);
        Assert.Equal(["db.example:6543"], withPort.Hosts);

        DatabaseUrl bare = DatabaseUrl.Parse("postgresql://db.example");
        Assert.Equal(["db.example:5432"], bare.Hosts);
        Assert.Null(bare.Database);
        Assert.Null(bare.Username);
    }

    [Fact]
    public void IPv6AddressesAndSocketFoldersAreHosts()
    {
        DatabaseUrl v6 = DatabaseUrl.Parse("postgresql://zk@[::1]:5433,[fe80::2]/zhiku");
        Assert.Equal(["[::1]:5433", "[fe80::2]:5432"], v6.Hosts);

        DatabaseUrl socket = DatabaseUrl.Parse("postgresql://zk@%2Fvar%2Frun%2Fpostgresql/zhiku");
        Assert.Equal("/var/run/postgresql", new NpgsqlConnectionStringBuilder(socket.ConnectionString).Host);
    }

    [Fact]
    public void NpgsqlSettingsMayBeGivenInTheQuery()
    {
        DatabaseUrl url = DatabaseUrl.Parse("postgresql://zk@db/zhiku?search_path=tenant_a&Command%20Timeout=60");
        var settings = new NpgsqlConnectionStringBuilder(url.ConnectionString);
        Assert.Equal(("tenant_a", 60), (settings.SearchPath, settings.CommandTimeout));
    }

    [Fact]
    public void TheEnvironmentVariableIsOptional()
    {
        Assert.Null(DatabaseUrl.FromEnvironment(_ => null));
        Assert.Null(DatabaseUrl.FromEnvironment(_ => "  "));
        Assert.Equal(["db:5432"], DatabaseUrl.FromEnvironment(name => name == DatabaseUrl.Variable ? "Host=db;Database=zhiku" : null)!.Hosts);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("localhost", "neither a connection string")]
    [InlineData("mysql://zk:" + Secret + "@db/zhiku", "'mysql://'")]
    [InlineData("Database=zhiku;Password=" + Secret, "names no host")]
    [InlineData("Host=db;Colour=blue;Password=" + Secret, "'colour'")]
    [InlineData("Host=db;Port=" + Secret, "'port'")]
    [InlineData("Host=db;Port=70000", "1 to 65535")]
    [InlineData("Host=db1,,db2;Password=" + Secret, "empty entry")]
    [InlineData("Host=db1:99999;Password=" + Secret, "port for host 1")]
    [InlineData("Host=\"db;Password=" + Secret, "not a valid connection string")]
    [InlineData("postgresql://zk:" + Secret + "@/zhiku", "names no host")]
    [InlineData("postgresql://zk:" + Secret + "@db:" + Secret + "/zhiku", "port for host 1")]
    [InlineData("postgresql://zk:" + Secret + "@db1,db2:0/zhiku", "port for host 2")]
    [InlineData("postgresql://zk:pa%zz" + Secret + "@db/zhiku", "in the password")]
    [InlineData("postgresql://zk:" + Secret + "@db/zhiku/extra", "'/' in the database name")]
    [InlineData("postgresql://zk:" + Secret + "@db/zhiku?sslmode=sideways", "'SSL Mode'")]
    [InlineData("postgresql://zk:" + Secret + "@db/zhiku?colour=blue", "'colour'")]
    [InlineData("postgresql://zk:" + Secret + "@db/zhiku?sslmode", "name=value")]
    [InlineData("postgresql://zk:pass#" + Secret + "@db/zhiku", "'#'")]
    [InlineData("postgresql://zk:" + Secret + "@[::1/zhiku", "unclosed '['")]
    public void AnythingElseIsInvalidInputNamingThePartAndNeverThePassword(string value, string named)
    {
        ZhikuException ex = Assert.Throws<ZhikuException>(() => DatabaseUrl.Parse(value, "ZHIKU_DATABASE_URL"));

        Assert.Equal(ErrorKind.InvalidInput, ex.Kind);
        Assert.Equal("ZHIKU_DATABASE_URL", ex.Subject);
        Assert.StartsWith("ZHIKU_DATABASE_URL ", ex.Message, StringComparison.Ordinal);
        Assert.Contains(named, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, ex.Message, StringComparison.Ordinal);
        Assert.Null(ex.InnerException);
        Assert.DoesNotContain('\n', ex.Message);
    }
}
