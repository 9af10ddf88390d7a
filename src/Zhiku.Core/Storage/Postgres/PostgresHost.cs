using System.Globalization;

namespace Zhiku.Core.Storage.Postgres;

/// <summary>One server of a connection's host list: a name or address with an optional port, or a Unix socket folder.</summary>
/// <param name="Name">The host name, the IP address (IPv6 without brackets) or the socket folder.</param>
/// <param name="Port">The port given with this host, or null for the connection's port.</param>
internal sealed record PostgresHost(string Name, int? Port)
{
    /// <summary>A Unix-domain socket folder (Npgsql's rule: the name starts with a slash).</summary>
    public bool IsSocketFolder => Name.StartsWith('/');

    /// <summary>The name as written in a host list: an IPv6 address in brackets.</summary>
    public string Display => Name.Contains(':', StringComparison.Ordinal) ? $"[{Name}]" : Name;

    /// <summary><c>name:port</c> when a port was given, else the name, as Npgsql's <c>Host</c> setting reads it.</summary>
    public override string ToString() => Port is null ? Display : $"{Display}:{Port.Value.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Parses <c>host</c>, <c>host:port</c>, <c>[v6]</c>, <c>[v6]:port</c>, a bare IPv6 address or a socket folder.</summary>
    /// <param name="entry">The trimmed entry.</param>
    /// <param name="position">Its place in the list (1, 2, …), for messages that must not quote the input.</param>
    /// <param name="subject">Where the value came from, for messages.</param>
    /// <exception cref="ZhikuException"><see cref="ErrorKind.InvalidInput"/>: an empty name or a port that is not 1-65535.</exception>
    public static PostgresHost Parse(string entry, int position, string subject)
    {
        string name = entry;
        string? port = null;
        if (entry.StartsWith('['))
        {
            int close = entry.IndexOf(']', StringComparison.Ordinal);
            if (close < 0 || (close + 1 < entry.Length && entry[close + 1] != ':'))
            {
                throw DatabaseUrl.Invalid(subject, $"has host {position} with an unclosed '[' (write an IPv6 address as [address]:port)",
                    $"第 {position} 个主机的 IPv6 地址格式无效");
            }

            name = entry[1..close];
            port = close + 1 < entry.Length ? entry[(close + 2)..] : null;
        }
        else if (!entry.StartsWith('/') && entry.Count(c => c == ':') == 1)
        {
            int colon = entry.IndexOf(':', StringComparison.Ordinal);
            name = entry[..colon];
            port = entry[(colon + 1)..];
        }

        if (name.Length == 0)
        {
            throw DatabaseUrl.Invalid(subject, $"has host {position} with no name", $"第 {position} 个主机缺少名称");
        }

        return new PostgresHost(name, port is null ? null : ParsePort(port, position, subject));
    }

    /// <summary>A port: 1-65535, digits only.</summary>
    public static int ParsePort(string text, int position, string subject)
    {
        if (text.Length is > 0 and <= 5 && text.All(char.IsAsciiDigit)
            && int.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture) is >= 1 and <= 65535)
        {
            return int.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);
        }

        // The text is not shown: a misplaced password can end up where a port is expected.
        throw DatabaseUrl.Invalid(subject, $"has a port for host {position} that is not a number from 1 to 65535",
            $"第 {position} 个主机的端口无效（应为 1-65535）");
    }
}
