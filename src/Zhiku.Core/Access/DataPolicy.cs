namespace Zhiku.Core.Access;

/// <summary>What a model may see of a knowledge base or document. In Access (a leaf area) so that Storage, which
/// stores it, and Privacy, whose rules tighten it, may both use it.</summary>
public static class DataPolicy
{
    /// <summary>May go to a cloud model after desensitization.</summary>
    public const string Cloud = "cloud";

    /// <summary>Only a local model may see it.</summary>
    public const string LocalOnly = "local-only";

    /// <summary>Never retrieved nor answered.</summary>
    public const string Forbidden = "forbidden";

    public static readonly IReadOnlyList<string> All = [Cloud, LocalOnly, Forbidden];

    /// <summary>How strict a policy is: forbidden 3 &gt; local-only 2 &gt; cloud 1; 0 for none (null).</summary>
    public static int Rank(string? policy) => policy switch
    {
        Forbidden => 3,
        LocalOnly => 2,
        Cloud => 1,
        _ => 0,
    };

    /// <summary>The stricter of two policies (null when both are null).</summary>
    public static string? Stricter(string? a, string? b) => Rank(b) > Rank(a) ? b : a;

    /// <summary>Checks a user-given policy name; an unknown one is a <see cref="ZhikuException"/>.</summary>
    public static string Parse(string value, string argument)
    {
        string v = value.Trim().ToLowerInvariant();
        return All.Contains(v)
            ? v
            : throw ZhikuException.InvalidInput($"{argument}: unknown policy '{value}'; use cloud, local-only or forbidden / 策略须为 cloud、local-only 或 forbidden", argument);
    }
}
