using System.Globalization;
using System.Text;
using Npgsql;

namespace Zhiku.Core.Storage.Postgres;

/// <summary>
/// Reads the part of a <c>postgresql://</c> URL after the scheme, as libpq does:
/// <c>[user[:password]@]host[:port][,host[:port]…][/database][?name=value&amp;…]</c>, every part percent-decoded
/// (a socket folder is a host written <c>%2Fvar%2Frun%2Fpostgresql</c>). Query settings take libpq's names
/// (<c>sslmode</c>, <c>target_session_attrs</c>, <c>connect_timeout</c>, <c>application_name</c>, …) or Npgsql's
/// (<c>Search Path</c>, or <c>search_path</c> with underscores for spaces).
/// </summary>
internal static class PostgresUrlParser
{
    private static readonly Dictionary<string, string> LibpqNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["user"] = "Username",
        ["password"] = "Password",
        ["dbname"] = "Database",
        ["sslmode"] = "SSL Mode",
        ["sslrootcert"] = "Root Certificate",
        ["sslcert"] = "SSL Certificate",
        ["sslkey"] = "SSL Key",
        ["sslpassword"] = "SSL Password",
        ["target_session_attrs"] = "Target Session Attributes",
        ["connect_timeout"] = "Timeout",
        ["application_name"] = "Application Name",
        ["options"] = "Options",
    };

    /// <summary>The settings of the URL whose scheme and <c>://</c> are already taken off.</summary>
    /// <exception cref="ZhikuException"><see cref="ErrorKind.InvalidInput"/>, naming the part that is wrong.</exception>
    public static NpgsqlConnectionStringBuilder Parse(string rest, string subject)
    {
        if (rest.Contains('#', StringComparison.Ordinal))
        {
            throw DatabaseUrl.Invalid(subject, "has a '#' in the URL; percent-encode it as %23 (in a password, for example)", "含有 '#'，请编码为 %23");
        }

        string? query = null;
        int questionMark = rest.IndexOf('?', StringComparison.Ordinal);
        if (questionMark >= 0)
        {
            query = rest[(questionMark + 1)..];
            rest = rest[..questionMark];
        }

        string? path = null;
        int slash = rest.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            path = rest[(slash + 1)..];
            rest = rest[..slash];
        }

        var builder = new NpgsqlConnectionStringBuilder();
        int at = rest.LastIndexOf('@');
        if (at >= 0)
        {
            string userInfo = rest[..at];
            rest = rest[(at + 1)..];
            int colon = userInfo.IndexOf(':', StringComparison.Ordinal);
            string user = Decode(colon >= 0 ? userInfo[..colon] : userInfo, "the user name", "用户名", subject);
            if (user.Length > 0)
            {
                builder.Username = user;
            }

            if (colon >= 0)
            {
                builder.Password = Decode(userInfo[(colon + 1)..], "the password", "密码", subject);
            }
        }

        if (rest.Length == 0)
        {
            throw DatabaseUrl.Invalid(subject, "names no host: write postgresql://user@host:port/database", "未指定主机");
        }

        string[] entries = rest.Split(',');
        var hosts = new List<PostgresHost>(entries.Length);
        for (int i = 0; i < entries.Length; i++)
        {
            if (entries[i].Length == 0)
            {
                throw DatabaseUrl.Invalid(subject, $"has an empty entry in its host list (host {i + 1})", $"主机列表中第 {i + 1} 项为空");
            }

            string entry = Decode(entries[i], $"host {i + 1}", $"第 {i + 1} 个主机", subject);
            hosts.Add(PostgresHost.Parse(entry, i + 1, subject));
        }

        if (hosts.Count == 1)
        {
            builder.Host = hosts[0].Name;
            if (hosts[0].Port is int port)
            {
                builder.Port = port;
            }
        }
        else
        {
            builder.Host = string.Join(',', hosts.Select(h => h.ToString()));
        }

        if (path is not null)
        {
            if (path.Contains('/', StringComparison.Ordinal))
            {
                throw DatabaseUrl.Invalid(subject, "has a '/' in the database name; write one name after the hosts (a '/' in it as %2F)",
                    "数据库名中含有 '/'");
            }

            string database = Decode(path, "the database name", "数据库名", subject);
            if (database.Length > 0)
            {
                builder.Database = database;
            }
        }

        if (!string.IsNullOrEmpty(query))
        {
            ApplyQuery(builder, query, subject);
        }

        return builder;
    }

    private static void ApplyQuery(NpgsqlConnectionStringBuilder builder, string query, string subject)
    {
        foreach (string pair in query.Split('&'))
        {
            if (pair.Length == 0)
            {
                continue;
            }

            int equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw DatabaseUrl.Invalid(subject, "has a query part that is not name=value (write ?sslmode=require&…)", "查询参数应为 name=value");
            }

            string name = Decode(pair[..equals], "a query setting's name", "查询参数名", subject);
            string value = Decode(pair[(equals + 1)..], $"the value of '{name}'", $"'{name}' 的值", subject);
            string key = LibpqNames.TryGetValue(name, out string? npgsql) ? npgsql : name.Replace('_', ' ');
            DatabaseUrl.Set(builder, key, value, subject);
        }
    }

    /// <summary>Percent-decodes one part as UTF-8; a bad escape is an error naming the part, never quoting it.</summary>
    private static string Decode(string text, string part, string partChinese, string subject)
    {
        if (!text.Contains('%', StringComparison.Ordinal))
        {
            return text;
        }

        var bytes = new List<byte>(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] != '%')
            {
                // A run of literal characters at once, so a surrogate pair is encoded whole.
                int next = text.IndexOf('%', i);
                int end = next < 0 ? text.Length : next;
                bytes.AddRange(Encoding.UTF8.GetBytes(text[i..end]));
                i = end - 1;
                continue;
            }

            if (i + 2 >= text.Length
                || !byte.TryParse(text.AsSpan(i + 1, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out byte value))
            {
                throw DatabaseUrl.Invalid(subject, $"has a '%' in {part} that is not followed by two hex digits (write '%' itself as %25)",
                    $"{partChinese}中的 '%' 编码无效（'%' 本身写作 %25）");
            }

            bytes.Add(value);
            i += 2;
        }

        try
        {
            return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(bytes.ToArray());
        }
        catch (DecoderFallbackException)
        {
            throw DatabaseUrl.Invalid(subject, $"has percent-escapes in {part} that are not UTF-8", $"{partChinese}的编码不是 UTF-8");
        }
    }
}
