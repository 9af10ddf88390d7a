using System.Text.Json;

namespace Zhiku.Cli.Tests;

/// <summary>`--database URL` and <c>ZHIKU_DATABASE_URL</c>: PostgreSQL is the system of record, the store folder gets no
/// zhiku.db, and a bad or unreachable database is one line naming the option, never the password.</summary>
public sealed class PostgresModeTests : IDisposable
{
    private readonly CliRunner _cli = new();

    private string SqliteFile => Path.Combine(_cli.Store, "zhiku.db");

    [Fact]
    public async Task Kb_create_and_list_with_database_write_to_postgres_and_nothing_to_the_store_file()
    {
        await using PostgresSchema database = await PostgresSchema.CreateAsync();

        CliResult created = _cli.Run("kb", "create", "hr", "--policy", "local-only", "--json", "--database", database.ConnectionString);
        Assert.True(created.ExitCode == 0, created.ToString());
        CliResult listed = _cli.Run("kb", "list", "--json", "--database", database.ConnectionString);
        Assert.True(listed.ExitCode == 0, listed.ToString());

        JsonElement hr = Assert.Single(listed.Json().GetProperty("kbs").EnumerateArray(), k => k.GetProperty("name").GetString() == "hr");
        Assert.Equal("local-only", hr.GetProperty("policy").GetString());
        Assert.Equal(["hr"], await database.ColumnAsync("SELECT name FROM kbs WHERE policy = 'local-only';"));
        Assert.False(File.Exists(SqliteFile), "zhiku.db was written beside a PostgreSQL system of record");

        // The embedded store in the same folder is another system of record: it has never heard of hr.
        JsonElement embedded = _cli.Run("kb", "list", "--json").Json();
        Assert.DoesNotContain(embedded.GetProperty("kbs").EnumerateArray(), k => k.GetProperty("name").GetString() == "hr");
    }

    [Fact]
    public async Task The_variable_selects_postgres_and_the_option_wins_over_it()
    {
        await using PostgresSchema fromVariable = await PostgresSchema.CreateAsync();
        await using PostgresSchema fromOption = await PostgresSchema.CreateAsync();
        _cli.Environment["ZHIKU_DATABASE_URL"] = fromVariable.ConnectionString;

        CliResult byVariable = _cli.Run("kb", "create", "finance");
        Assert.True(byVariable.ExitCode == 0, byVariable.ToString());
        CliResult byOption = _cli.Run("kb", "create", "legal", "--database", fromOption.ConnectionString);
        Assert.True(byOption.ExitCode == 0, byOption.ToString());
        CliResult user = _cli.Run("user", "add", "alice", "--role", "admin", "--json");
        Assert.True(user.ExitCode == 0, user.ToString());

        Assert.Equal(["finance"], await fromVariable.ColumnAsync("SELECT name FROM kbs;"));
        Assert.Equal(["legal"], await fromOption.ColumnAsync("SELECT name FROM kbs;"));
        Assert.Equal(["alice"], await fromVariable.ColumnAsync("SELECT name FROM users;"));
        Assert.False(File.Exists(SqliteFile));
    }

    [Theory]
    [InlineData("mysql://zhiku:s3cret-pw@127.0.0.1/zhiku", "postgresql://")]
    [InlineData("Host=127.0.0.1;Password=s3cret-pw;Colour=blue", "'colour'")]
    [InlineData("postgresql://zhiku:s3cret-pw@127.0.0.1:99999/zhiku", "port")]
    public void A_bad_database_value_is_one_line_naming_the_option_and_never_the_password(string value, string named)
    {
        CliResult result = _cli.Run("kb", "list", "--database", value);

        Assert.Equal(1, result.ExitCode);
        string line = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: --database ", line);
        Assert.Contains(named, line);
        Assert.DoesNotContain("s3cret-pw", result.Stderr + result.Stdout);
        Assert.False(File.Exists(SqliteFile));
    }

    [Fact]
    public void A_bad_variable_is_named_as_the_variable()
    {
        _cli.Environment["ZHIKU_DATABASE_URL"] = "not a database";

        CliResult result = _cli.Run("kb", "list");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("error: ZHIKU_DATABASE_URL ", Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
    }

    [Theory]
    [InlineData("kb", "list")]
    [InlineData("serve", "--urls", "http://127.0.0.1:45871")]
    public void An_unreachable_server_is_one_line_and_exit_code_one(params string[] command)
    {
        // Port 1 on loopback: nothing listens, the connection is refused at once.
        CliResult result = _cli.Run(TimeSpan.FromSeconds(60), [.. command, "--database", "postgresql://zhiku:s3cret-pw@127.0.0.1:1/zhiku"]);

        Assert.Equal(1, result.ExitCode);
        string line = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: --database: the database could not be opened at zhiku@127.0.0.1:1/zhiku", line);
        Assert.DoesNotContain("s3cret-pw", result.Stderr + result.Stdout);
        Assert.False(File.Exists(SqliteFile));
    }

    public void Dispose() => _cli.Dispose();
}
