using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Zhiku.Core.Privacy;

/// <summary>IP (IPv4 dotted quads, IPv6 validated by the parser) and MAC addresses. Dotted numbers after a
/// version cue (v, version, 版本…) are versions, not addresses.</summary>
internal sealed partial class NetworkAddressRecognizer : IPiiRecognizer
{
    private static readonly string[] VersionCues = ["version", "ver.", "ver ", "版本", "release", "build", "固件", "firmware", "sdk", "升级到", "升级至", "patch", "补丁"];
    private static readonly string[] IpCues = ["ip", "地址", "服务器", "主机", "网关", "host", "server", "addr", "gateway", "登录", "访问", "dns", "内网", "外网", "网段", "ping", "ssh"];
    private static readonly string[] MacCues = ["mac", "物理地址", "网卡", "硬件地址", "hwaddr", "ether"];

    [GeneratedRegex(@"(?<![0-9.])(?:(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])(?![0-9]|\.[0-9])")]
    private static partial Regex IPv4();

    [GeneratedRegex(@"(?<![0-9A-Fa-f])(?<![0-9A-Fa-f]:)(?:[0-9A-Fa-f]{0,4}:){2,7}(?:[0-9A-Fa-f]{1,4}|(?:[0-9]{1,3}\.){3}[0-9]{1,3})?(?![0-9A-Fa-f:])")]
    private static partial Regex IPv6();

    [GeneratedRegex(@"(?<![0-9A-Fa-f-])(?<![0-9A-Fa-f]:)[0-9A-Fa-f]{2}([:-])(?:[0-9A-Fa-f]{2}\1){4}[0-9A-Fa-f]{2}(?![0-9A-Fa-f:-])|(?<![0-9A-Fa-f.])[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}(?![0-9A-Fa-f.])")]
    private static partial Regex Mac();

    public void Recognize(NormalizedText text, ICollection<PiiEntity> results)
    {
        string s = text.Text;
        foreach (ValueMatch m in IPv4().EnumerateMatches(s))
        {
            int end = m.Index + m.Length;
            if (m.Index > 0 && Boundaries.IsLetter(s[m.Index - 1]))
            {
                continue; // v1.2.3.4, V10.0.0.1
            }

            bool ipCue = Boundaries.CueBefore(s, m.Index, 16, IpCues);
            if (!ipCue && Boundaries.CueBefore(s, m.Index, 16, VersionCues))
            {
                continue;
            }

            // 1.2.3.4 without an address cue is a section or version number far more often than a host.
            bool allSmall = AllOctetsBelowTen(s.AsSpan(m.Index, m.Length));
            double score = ipCue ? 0.97 : allSmall ? 0.35 : 0.92;
            results.Add(new PiiEntity(PiiTypes.IpAddress, m.Index, end, score));
        }

        foreach (ValueMatch m in IPv6().EnumerateMatches(s))
        {
            // "地址：2001:db8::1" reaches here as "地址:2001:db8::1" after NFKC: drop a lone leading colon.
            int start = m.Index;
            ReadOnlySpan<char> value = s.AsSpan(m.Index, m.Length);
            if (value.Length > 1 && value[0] == ':' && value[1] != ':')
            {
                start++;
                value = value[1..];
            }

            if (value.Count(':') < 2 || (!value.Contains("::", StringComparison.Ordinal) && value.Count(':') < 7))
            {
                continue;
            }

            if (IPAddress.TryParse(value, out IPAddress? address) && address.AddressFamily == AddressFamily.InterNetworkV6)
            {
                results.Add(new PiiEntity(PiiTypes.IpAddress, start, start + value.Length, value.Length > 3 ? 0.93 : 0.6));
            }
        }

        foreach (ValueMatch m in Mac().EnumerateMatches(s))
        {
            ReadOnlySpan<char> value = s.AsSpan(m.Index, m.Length);
            bool hasHexLetter = value.ContainsAnyInRange('A', 'F') || value.ContainsAnyInRange('a', 'f');
            bool cue = Boundaries.CueBefore(s, m.Index, 16, MacCues);
            double score = cue ? 0.97 : hasHexLetter ? 0.88 : 0.5;
            results.Add(new PiiEntity(PiiTypes.MacAddress, m.Index, m.Index + m.Length, score));
        }
    }

    private static bool AllOctetsBelowTen(ReadOnlySpan<char> v)
    {
        foreach (Range part in v.Split('.'))
        {
            if (v[part].Length > 1)
            {
                return false;
            }
        }

        return true;
    }
}
