using System.Net;

namespace Zhiku.Cli;

/// <summary>
/// Checks `serve --urls` before the server starts. Kestrel reads a host it cannot parse as an IP address (a typo such
/// as <c>http://127.0.0.1:80x</c>, a host name, <c>*</c>) as "any interface", on the scheme's default port when the
/// port does not parse; Zhiku never binds an interface the URL does not name, so only IP addresses and
/// <c>localhost</c> (both loopbacks) are accepted, and all interfaces only when 0.0.0.0 or [::] is written.
/// </summary>
internal static class ListenUrls
{
    /// <summary>The addresses to give Kestrel, one per ';'-separated URL.</summary>
    /// <exception cref="Zhiku.Core.ZhikuException">A URL is malformed or names no interface; the message names it.</exception>
    public static IReadOnlyList<string> Parse(string value)
    {
        string[] parts = value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length == 0)
        {
            throw Zhiku.Core.ZhikuException.InvalidInput("--urls: empty; give an address such as http://127.0.0.1:8080 / 请给出监听地址，例如 http://127.0.0.1:8080");
        }

        return parts.Select(ParseOne).ToList();
    }

    private static string ParseOne(string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out Uri? uri) || uri.Scheme is not ("http" or "https")
            || uri.PathAndQuery != "/" || uri.Fragment.Length > 0 || uri.UserInfo.Length > 0
            || !text.Contains("://", StringComparison.Ordinal))
        {
            throw Zhiku.Core.ZhikuException.InvalidInput(
                $"--urls: '{text}' is not a listen address; write scheme, IP address and port, e.g. http://127.0.0.1:8080 / 监听地址 '{text}' 无效，应形如 http://127.0.0.1:8080");
        }

        bool isIp = uri.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6 && IPAddress.TryParse(uri.Host.Trim('[', ']'), out _);
        if (!isIp && !uri.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            throw Zhiku.Core.ZhikuException.InvalidInput(
                $"--urls: '{text}': host '{uri.Host}' is not an IP address; Zhiku listens only on the interface a URL names: use 127.0.0.1, localhost, " +
                $"a local IP address, or 0.0.0.0 / [::] for all interfaces / 主机 '{uri.Host}' 不是 IP 地址，请使用 127.0.0.1、本机 IP，或 0.0.0.0 / [::] 监听所有网卡");
        }

        return $"{uri.Scheme}://{(uri.HostNameType == UriHostNameType.IPv6 ? "[" + uri.Host.Trim('[', ']') + "]" : uri.Host)}:{uri.Port}";
    }
}
