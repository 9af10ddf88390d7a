namespace Zhiku.Core.Access;

/// <summary>A user of the server.</summary>
/// <param name="Id">Row id.</param>
/// <param name="Name">Unique sign-in name.</param>
/// <param name="Role">admin, editor or reader (<see cref="UserRole"/>).</param>
/// <param name="Groups">Document groups the user belongs to.</param>
/// <param name="Disabled">A disabled user's keys and sessions are refused.</param>
/// <param name="HasPassword">True when the user can sign in to the web UI with a password.</param>
/// <param name="CreatedAt">When the user was created.</param>
public sealed record UserInfo(long Id, string Name, string Role, IReadOnlyList<string> Groups, bool Disabled, bool HasPassword, DateTimeOffset CreatedAt)
{
    /// <summary>True for admins.</summary>
    public bool IsAdmin => Role == UserRole.Admin;

    /// <summary>False when the user came in with a credential someone else chose or minted for them (an admin over the
    /// API): such a request reaches everything the user may, except the user's personal knowledge bases.</summary>
    public bool OpensPersonal { get; init; } = true;

    /// <summary>The documents this user may read: admins read all, others what their groups allow.</summary>
    public ReadAccess ReadAccess => IsAdmin ? ReadAccess.All : ReadAccess.ForGroups(Groups);
}
