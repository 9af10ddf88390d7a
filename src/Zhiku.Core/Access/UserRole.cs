namespace Zhiku.Core.Access;

/// <summary>Server-wide roles of a user.</summary>
public static class UserRole
{
    /// <summary>Manages users and every shared knowledge base.</summary>
    public const string Admin = "admin";

    /// <summary>May create shared knowledge bases and manage the documents of those they edit.</summary>
    public const string Editor = "editor";

    /// <summary>Reads the knowledge bases shared with them; may own personal ones.</summary>
    public const string Reader = "reader";

    public static readonly IReadOnlyList<string> All = [Admin, Editor, Reader];

    /// <summary>Checks a user-given role; an unknown one is a <see cref="ZhikuException"/> naming <paramref name="field"/>.</summary>
    public static string Parse(string? value, string field)
    {
        string v = (value ?? "").Trim().ToLowerInvariant();
        return All.Contains(v)
            ? v
            : throw ZhikuException.InvalidInput($"{field}: unknown role '{value}'; use admin, editor or reader / 角色须为 admin、editor 或 reader", field);
    }
}
