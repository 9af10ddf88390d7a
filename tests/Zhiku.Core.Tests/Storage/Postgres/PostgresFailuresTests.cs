using Npgsql;
using Zhiku.Core.Storage.Postgres;

namespace Zhiku.Core.Tests.Storage.Postgres;

/// <summary>Which PostgreSQL errors mean "the database cannot serve now" (Unavailable) and which are statement errors that pass through.</summary>
public sealed class PostgresFailuresTests
{
    [Theory]
    [InlineData("08006")] // connection failure
    [InlineData("28P01")] // sign-in refused
    [InlineData("3D000")] // the database does not exist (yet, or any more)
    [InlineData("53300")] // too many connections
    [InlineData("57P01")] // the server is shutting down
    [InlineData("57P03")] // the server is starting or in recovery
    [InlineData("25006")] // read-only transaction: a standby after a failover
    [InlineData("55P03")] // a lock not granted within lock_timeout
    [InlineData("40001")] // serialization failure
    public async Task ServerStatesThatPassAreUnavailable(string sqlState)
    {
        ZhikuException ex = await Assert.ThrowsAsync<ZhikuException>(() =>
            PostgresFailures.RunAsync("read jobs", () => Task.FromException(new PostgresException("it failed", "FATAL", "FATAL", sqlState))));

        Assert.Equal(ErrorKind.Unavailable, ex.Kind);
        Assert.Contains("could not read jobs now", ex.Message, StringComparison.Ordinal);
        Assert.IsType<PostgresException>(ex.InnerException);
    }

    [Theory]
    [InlineData("42P01")] // undefined table
    [InlineData("42601")] // syntax error
    [InlineData("23505")] // unique violation
    [InlineData("22P02")] // invalid text representation
    public async Task StatementErrorsPassThrough(string sqlState)
    {
        PostgresException ex = await Assert.ThrowsAsync<PostgresException>(() =>
            PostgresFailures.RunAsync("read jobs", () => Task.FromException<int>(new PostgresException("wrong", "ERROR", "ERROR", sqlState))));

        Assert.Equal(sqlState, ex.SqlState);
    }

    [Fact]
    public async Task ClientSideFailuresAreUnavailable()
    {
        ZhikuException ex = await Assert.ThrowsAsync<ZhikuException>(() =>
            PostgresFailures.RunAsync("read jobs", () => Task.FromException(new NpgsqlException("Exception while reading from stream", new EndOfStreamException()))));

        Assert.Equal(ErrorKind.Unavailable, ex.Kind);
    }
}
