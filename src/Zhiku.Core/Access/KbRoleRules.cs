namespace Zhiku.Core.Access;

/// <summary>
/// How a user's role on a knowledge base follows from its ownership and its access list, the same for every storage
/// engine: a personal knowledge base opens to its owner only (and only with a credential the owner chose), a shared one
/// to admins and its owner as owner, to everyone else as the best access-list line naming them or everyone.
/// </summary>
public static class KbRoleRules
{
    /// <summary>The role that ownership alone decides (personal, admin, owner), or null when the access list decides.</summary>
    public static KbRole? WithoutList(UserInfo user, KbOwnership ownership)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(ownership);
        if (ownership.Personal)
        {
            // Closed to everyone else, admins included, and to credentials an admin minted or chose for the owner.
            return ownership.OwnerId == user.Id && user.OpensPersonal ? KbRole.Owner : KbRole.None;
        }

        return user.IsAdmin || ownership.OwnerId == user.Id ? KbRole.Owner : null;
    }

    /// <summary>The role an access list gives from the highest stored role of the lines that name the user or everyone
    /// (null: no line); never more than <see cref="KbRole.Editor"/>.</summary>
    public static KbRole Listed(long? maxRole) =>
        maxRole is long role ? (KbRole)Math.Clamp(role, 0, (long)KbRole.Editor) : KbRole.None;
}
