using System.Globalization;

namespace Zhiku.Core.Access;

/// <summary>
/// Personal knowledge bases live in their owner's namespace: stored as <c>~OWNERID/NAME</c>, shown as <c>NAME</c>.
/// A name a user can type never starts with '~', so two users' personal knowledge bases, or a personal and a shared
/// one, never collide, and creating one never reveals that another user has a knowledge base of that name.
/// </summary>
public static class KnowledgeBaseNames
{
    private const char Marker = '~';

    /// <summary>The stored name of <paramref name="ownerId"/>'s personal knowledge base <paramref name="name"/>.</summary>
    public static string Personal(long ownerId, string name) =>
        Marker + ownerId.ToString(CultureInfo.InvariantCulture) + "/" + name;

    /// <summary>True for a stored name in someone's personal namespace.</summary>
    public static bool IsNamespaced(string storedName) => storedName.StartsWith(Marker);

    /// <summary>The name its owner sees and types (the stored name for a shared knowledge base).</summary>
    public static string Display(string storedName)
    {
        if (!IsNamespaced(storedName))
        {
            return storedName;
        }

        int slash = storedName.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? storedName : storedName[(slash + 1)..];
    }
}
