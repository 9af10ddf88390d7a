using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Zhiku.Core.Access;
using Zhiku.Server.Services;

namespace Zhiku.Server.Auth;

/// <summary>Maps users to claims principals and back to the current <see cref="UserInfo"/> of a request.</summary>
public static class UserPrincipal
{
    private const string ItemKey = "zhiku.user";

    /// <summary>A principal for a user (id, name and role claims).</summary>
    public static ClaimsPrincipal Create(UserInfo user, string scheme) =>
        new(new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, user.Id.ToString(CultureInfo.InvariantCulture)),
                new Claim(ClaimTypes.Name, user.Name),
                new Claim(ClaimTypes.Role, user.Role),
            ],
            scheme));

    /// <summary>Remembers the user loaded while authenticating, so the request does not load it again.</summary>
    public static void Remember(HttpContext context, UserInfo user) => context.Items[ItemKey] = user;

    /// <summary>The signed-in, enabled user of this request, read fresh from the store (so a disabled user or changed
    /// groups take effect at once), or null.</summary>
    public static UserInfo? Current(HttpContext context)
    {
        if (context.Items.TryGetValue(ItemKey, out object? cached) && cached is UserInfo known)
        {
            return known;
        }

        return Load(context, context.User);
    }

    /// <summary>Loads the enabled user a principal names and remembers it for the request, or null.</summary>
    public static UserInfo? Load(HttpContext context, ClaimsPrincipal? principal)
    {
        string? id = principal?.FindFirstValue(ClaimTypes.NameIdentifier);
        if (id is null || !long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out long userId))
        {
            return null;
        }

        UserInfo? user = context.RequestServices.GetRequiredService<ServerStore>().Users.Get(userId);
        if (user is null || user.Disabled)
        {
            return null;
        }

        Remember(context, user);
        return user;
    }
}
