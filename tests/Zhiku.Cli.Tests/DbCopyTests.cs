using System.Security.Cryptography;
using System.Text.Json;

namespace Zhiku.Cli.Tests;

/// <summary>`zhiku db copy --to URL`: the samples copied into PostgreSQL with their vectors, checked table by table,
/// the embedded store's files unchanged; a database holding other data and bad targets are one line.</summary>
public sealed class DbCopyTests : IDisposable
{
    private readonly CliRunner _cli = new();

    [Fact]
    public async Task Samples_are_copied_with_their_vectors_checked_and_the_store_left_byte_identical()
    {
        CliResult ingested = _cli.Run("ingest", Path.Combine(CliRunner.Samples, "Travel-and-Expense-Policy.md"), Path.Combine(CliRunner.Samples, "员工手册.md"));
        Assert.True(ingested.ExitCode == 0, ingested.ToString());
        await using CopyTargetSchema database = await CopyTargetSchema.CreateAsync();
        Dictionary<string, string> before = Hashes(_cli.Store);

        CliResult copied = _cli.Run("db", "copy", "--to", database.ConnectionString, "--json");

        Assert.True(copied.ExitCode == 0, copied.ToString());
        JsonElement tables = copied.Json().GetProperty("tables");
        Assert.All(tables.EnumerateArray(), t => Assert.True(t.GetProperty("matches").GetBoolean(), t.ToString()));
        Assert.Equal(before, Hashes(_cli.Store));
        long chunks = Convert.ToInt64(Assert.Single(await database.ColumnAsync("SELECT COUNT(*) FROM chunks;")));
        Assert.True(chunks > 0);
        // Every chunk has a vector or is recorded as skipped for the model's languages: a PostgreSQL node embeds nothing.
        Assert.Equal([chunks], (await database.ColumnAsync("SELECT COUNT(*) FROM chunk_vectors;")).Select(Convert.ToInt64));

        CliResult again = _cli.Run("db", "copy", "--to", database.ConnectionString);
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains("chunk_vectors", again.Stdout);
        Assert.Contains("checksum match", again.Stdout);
    }

    [Fact]
    public async Task A_database_holding_other_data_and_bad_targets_are_one_line_naming_the_option()
    {
        Assert.Equal(0, _cli.Run("kb", "create", "hr").ExitCode);
        await using CopyTargetSchema database = await CopyTargetSchema.CreateAsync();

        foreach ((string url, string starts) in new[]
        {
            ("mysql://zhiku:s3cret-pw@127.0.0.1/zhiku", "error: --to"),
            ("postgresql://zhiku:s3cret-pw@127.0.0.1:1/zhiku", "error: --to: the database could not be opened"),
        })
        {
            CliResult bad = _cli.Run(TimeSpan.FromSeconds(90), "db", "copy", "--to", url);
            Assert.Equal(1, bad.ExitCode);
            Assert.StartsWith(starts, Assert.Single(bad.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
            Assert.DoesNotContain("s3cret-pw", bad.Stderr + bad.Stdout);
        }

        CliResult noStore = _cli.Run("db", "copy", "--to", database.ConnectionString, "--store", Path.Combine(_cli.Store, "missing"));
        Assert.Equal(1, noStore.ExitCode);
        Assert.StartsWith("error: --store: ", Assert.Single(noStore.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)));

        using var other = new CliRunner();
        Assert.Equal(0, other.Run("kb", "create", "finance").ExitCode);
        Assert.Equal(0, other.Run("db", "copy", "--to", database.ConnectionString).ExitCode);
        CliResult taken = _cli.Run("db", "copy", "--to", database.ConnectionString);
        Assert.Equal(1, taken.ExitCode);
        Assert.Contains("already holds data", Assert.Single(taken.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
        Assert.DoesNotContain("hr", await database.ColumnAsync("SELECT name FROM kbs;"));
    }

    /// <summary>Every file of the store folder with its SHA-256, except SQLite's shared-memory index (-shm), which
    /// readers update by design.</summary>
    private static Dictionary<string, string> Hashes(string root) => Directory.GetFiles(root, "*", SearchOption.AllDirectories)
        .Where(f => !f.EndsWith("-shm", StringComparison.Ordinal))
        .ToDictionary(f => Path.GetRelativePath(root, f), f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))));

    public void Dispose() => _cli.Dispose();
}
