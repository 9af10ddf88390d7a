namespace Zhiku.Core.Privacy;

/// <summary>The command-line and storage spellings of <see cref="PrivacyPolicy"/>: cloud, local-only, forbidden.</summary>
public static class PrivacyPolicyNames
{
    /// <summary>The spelling of <paramref name="policy"/>.</summary>
    public static string ToName(PrivacyPolicy policy) => policy switch
    {
        PrivacyPolicy.Cloud => "cloud",
        PrivacyPolicy.LocalOnly => "local-only",
        PrivacyPolicy.Forbidden => "forbidden",
        _ => throw new ArgumentOutOfRangeException(nameof(policy)),
    };

    /// <summary>Parses a spelling (case-insensitive).</summary>
    /// <exception cref="ZhikuException">Not one of cloud, local-only, forbidden.</exception>
    public static PrivacyPolicy Parse(string name) => name.Trim().ToLowerInvariant() switch
    {
        "cloud" => PrivacyPolicy.Cloud,
        "local-only" or "local" => PrivacyPolicy.LocalOnly,
        "forbidden" => PrivacyPolicy.Forbidden,
        _ => throw ZhikuException.InvalidInput($"Unknown policy '{name}': use cloud, local-only or forbidden. / 未知策略：请使用 cloud、local-only 或 forbidden。"),
    };

    /// <summary>The most restrictive of <paramref name="policies"/> (Cloud when none).</summary>
    public static PrivacyPolicy Strictest(params IEnumerable<PrivacyPolicy> policies) =>
        policies.DefaultIfEmpty(PrivacyPolicy.Cloud).Max();
}
