using System.Data.Common;
using System.Globalization;
using Npgsql;

namespace Zhiku.Core.Storage.Postgres;

/// <summary>
/// Where a node's PostgreSQL system of record is, from <c>ZHIKU_DATABASE_URL</c> (or a host's own option): either an
/// Npgsql connection string (<c>Host=a,b;Port=5432;Database=zhiku;Username=…;Password=…;Target Session
/// Attributes=primary</c>) or a URL (<c>postgresql://user:pass@host1:5432,host2:5433/zhiku?sslmode=require</c>, parts
/// percent-encoded). Anything else is a <see cref="ZhikuException"/> of kind <see cref="ErrorKind.InvalidInput"/> that
/// names the part that is wrong; no message, and not <see cref="ToString"/>, ever shows the password or any other value
/// taken from the input except host names, user and database.
/// </summary>
public sealed class DatabaseUrl
{
    /// <summary>The environment variable a node reads its database from.</summary>
    public const string Variable = "ZHIKU_DATABASE_URL";

    /// <summary>PostgreSQL's port when none is given.</summary>
    public const int DefaultPort = 5432;

    private readonly string _connectionString;

    private DatabaseUrl(NpgsqlConnectionStringBuilder builder, string subject)
    {
        _connectionString = builder.ConnectionString;
        Subject = subject;
        int port = builder.Port > 0 ? builder.Port : DefaultPort;
        Hosts = PostgresHostList.Split(builder.Host!, subject)
            .Select(h => h.Port is null && !h.IsSocketFolder ? $"{h.Display}:{port.ToString(CultureInfo.InvariantCulture)}" : h.ToString())
            .ToList();
        Database = string.IsNullOrEmpty(builder.Database) ? null : builder.Database;
        Username = string.IsNullOrEmpty(builder.Username) ? null : builder.Username;
    }

    /// <summary>The Npgsql connection string (it holds the password: never log or show it).</summary>
    public string ConnectionString => _connectionString;

    /// <summary>The servers in the order they are tried, each <c>host:port</c> (a socket folder as it is).</summary>
    public IReadOnlyList<string> Hosts { get; }

    /// <summary>The database name, or null when the server's default (the user's name) applies.</summary>
    public string? Database { get; }

    /// <summary>The user name, or null when none is given.</summary>
    public string? Username { get; }

    /// <summary>What the value came from (the variable or option name), for messages.</summary>
    public string Subject { get; }

    /// <summary>The value of <see cref="Variable"/>, parsed; null when it is not set or empty.</summary>
    /// <exception cref="ZhikuException"><see cref="ErrorKind.InvalidInput"/>: the value is not a connection string or URL.</exception>
    public static DatabaseUrl? FromEnvironment(Func<string, string?>? environment = null)
    {
        string? value = (environment ?? Environment.GetEnvironmentVariable)(Variable);
        return string.IsNullOrWhiteSpace(value) ? null : Parse(value, Variable);
    }

    /// <summary>Parses a connection string or a <c>postgresql://</c> (or <c>postgres://</c>) URL.</summary>
    /// <param name="value">The text given.</param>
    /// <param name="subject">Where it came from (<see cref="Variable"/>, an option name); messages start with it.</param>
    /// <exception cref="ZhikuException"><see cref="ErrorKind.InvalidInput"/>, naming the part that is wrong.</exception>
    public static DatabaseUrl Parse(string value, string subject = Variable)
    {
        string text = value.Trim();
        if (text.Length == 0)
        {
            throw Invalid(subject, "is empty", "为空");
        }

        int scheme = text.IndexOf("://", StringComparison.Ordinal);
        NpgsqlConnectionStringBuilder builder;
        if (scheme > 0 && !text[..scheme].Contains('=', StringComparison.Ordinal))
        {
            string name = text[..scheme].ToLowerInvariant();
            if (name is not ("postgresql" or "postgres"))
            {
                throw Invalid(subject, $"is a '{name}://' URL; only postgresql:// or postgres:// URLs are PostgreSQL", "不是 postgresql:// 地址");
            }

            builder = PostgresUrlParser.Parse(text[(scheme + 3)..], subject);
        }
        else if (text.Contains('=', StringComparison.Ordinal))
        {
            builder = FromKeyValues(text, subject);
        }
        else
        {
            throw Invalid(subject, "is neither a connection string (Host=…;Database=…;Username=…) nor a postgresql://user@host/database URL",
                "既不是连接字符串也不是 postgresql:// 地址");
        }

        if (string.IsNullOrWhiteSpace(builder.Host))
        {
            throw Invalid(subject, "names no host (Host=… or postgresql://user@host/…)", "未指定主机");
        }

        if (builder.Port > 65535)
        {
            throw Invalid(subject, "has a port that is not a number from 1 to 65535", "端口无效（应为 1-65535）");
        }

        // Per-host ports (host:port) are checked here for both forms: Npgsql reads them only when it connects.
        _ = PostgresHostList.Split(builder.Host, subject);
        return new DatabaseUrl(builder, subject);
    }

    /// <summary>A copy of the connection settings to change (tests set a search path; a data source takes them).</summary>
    internal NpgsqlConnectionStringBuilder Settings() => new(_connectionString);

    /// <summary>The servers and database, e.g. <c>zhiku@db1:5432,db2:5432/zhiku</c>; never the password.</summary>
    public override string ToString() =>
        (Username is null ? "" : Username + "@") + string.Join(',', Hosts) + "/" + (Database ?? "");

    /// <summary>Sets one setting on <paramref name="builder"/>, reporting an unknown name or a bad value by the name only.</summary>
    internal static void Set(NpgsqlConnectionStringBuilder builder, string key, string value, string subject)
    {
        if (!builder.TryGetValue(key, out _))
        {
            throw Invalid(subject, $"has the setting '{key}', which is not a PostgreSQL connection setting", $"含有未知设置 '{key}'");
        }

        try
        {
            builder[key] = value;
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidCastException or OverflowException)
        {
            // The value is not shown: it may be the password.
            throw Invalid(subject, $"has a value for '{key}' that is not valid for that setting", $"设置 '{key}' 的值无效");
        }
    }

    internal static ZhikuException Invalid(string subject, string english, string chinese, Exception? ex = null) =>
        ZhikuException.InvalidInput($"{subject} {english} / {subject} {chinese}", subject, ex);

    private static NpgsqlConnectionStringBuilder FromKeyValues(string text, string subject)
    {
        var generic = new DbConnectionStringBuilder();
        try
        {
            generic.ConnectionString = text;
        }
        catch (ArgumentException)
        {
            throw Invalid(subject, "is not a valid connection string: write Key=Value settings separated by ';' (quote a value that holds ';' or '=')",
                "连接字符串格式无效（应为 Key=Value;…）");
        }

        var builder = new NpgsqlConnectionStringBuilder();
        foreach (string key in generic.Keys.Cast<string>())
        {
            Set(builder, key, Convert.ToString(generic[key], CultureInfo.InvariantCulture) ?? "", subject);
        }

        return builder;
    }
}
