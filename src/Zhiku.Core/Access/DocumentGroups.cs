using System.Text.RegularExpressions;

namespace Zhiku.Core.Access;

/// <summary>
/// Group names on documents and users. Stored as one comma-separated, sorted, lower-case TEXT value; a
/// document without groups is readable by everyone who may read its knowledge base.
/// </summary>
public static partial class DocumentGroups
{
    /// <summary>Parses a user-given list ("hr, finance" or "hr;finance"); an invalid name is a <see cref="ZhikuException"/>
    /// naming <paramref name="field"/>. Empty input gives an empty list.</summary>
    public static IReadOnlyList<string> Parse(string? value, string field)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return [];
        }

        return Normalize(value.Split([',', ';', '，', '；', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), field);
    }

    /// <summary>Checks and normalizes group names (lower case, sorted, distinct).</summary>
    public static IReadOnlyList<string> Normalize(IEnumerable<string> groups, string field)
    {
        var list = new SortedSet<string>(StringComparer.Ordinal);
        foreach (string raw in groups)
        {
            string group = raw.Trim().ToLowerInvariant();
            if (group.Length == 0)
            {
                continue;
            }

            if (!GroupName().IsMatch(group))
            {
                throw ZhikuException.InvalidInput(
                    $"{field}: invalid group name '{raw}'; use 1-64 letters, digits, Chinese characters, '-', '_' or '.' / 分组名称无效", field);
            }

            list.Add(group);
        }

        return list.ToList();
    }

    /// <summary>The stored form: null for no groups.</summary>
    public static string? ToColumn(IReadOnlyList<string>? groups) =>
        groups is null || groups.Count == 0 ? null : string.Join(',', groups);

    /// <summary>Reads the stored form.</summary>
    public static IReadOnlyList<string> FromColumn(string? value) =>
        string.IsNullOrEmpty(value) ? [] : value.Split(',', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>True when both lists hold the same groups (null and empty are the same).</summary>
    public static bool SameGroups(IReadOnlyList<string>? a, IReadOnlyList<string>? b) =>
        (a ?? []).SequenceEqual(b ?? [], StringComparer.Ordinal);

    [GeneratedRegex(@"^[\p{L}\p{N}_][\p{L}\p{N}_.\-]{0,63}$")]
    private static partial Regex GroupName();
}
