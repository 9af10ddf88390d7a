using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Zhiku.Core.Access;
using Zhiku.Server.Services;

namespace Zhiku.Server.Auth;

/// <summary>Maps users to claims principals and back to the current <see cref="UserInfo"/> of a request.</summary>
public static class UserPrincipal
{
    /// <summary>The claim holding the server-side session token of a sign-in cookie.</summary>
    public const string SessionClaim = "zhiku:session";

    private const string ItemKey = "zhiku.user";

    /// <summary>A principal for a user (id, name and role claims; a cookie's also carries its session token).</summary>
    public static ClaimsPrincipal Create(UserInfo user, string scheme, string? session = null)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, user.Id.ToString(CultureInfo.InvariantCulture)),
            new(ClaimTypes.Name, user.Name),
            new(ClaimTypes.Role, user.Role),
        };
        if (session is not null)
        {
            claims.Add(new Claim(SessionClaim, session));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme));
    }

    /// <summary>Remembers the user loaded while authenticating, so the request does not load it again.</summary>
    public static void Remember(HttpContext context, UserInfo user) => context.Items[ItemKey] = user;

    /// <summary>The signed-in, enabled user of this request, or null. Authentication reads it fresh from the store on
    /// every request (so a disabled user or changed groups take effect at once) and remembers it here: the API key
    /// handler, and for a cookie <see cref="LoadAsync"/> in the cookie's principal check.</summary>
    public static UserInfo? Current(HttpContext context) =>
        context.Items.TryGetValue(ItemKey, out object? cached) && cached is UserInfo known ? known : null;

    /// <summary>The session token of a cookie principal, or null.</summary>
    public static string? Session(ClaimsPrincipal? principal) => principal?.FindFirstValue(SessionClaim);

    /// <summary>Loads the enabled user of a cookie principal whose server-side session is still live, and remembers
    /// it for the request; null when the session was ended (sign-out, password change, key rotation, disabled user).</summary>
    public static async Task<UserInfo?> LoadAsync(HttpContext context, ClaimsPrincipal? principal)
    {
        string? id = principal?.FindFirstValue(ClaimTypes.NameIdentifier);
        string? session = Session(principal);
        if (id is null || session is null || !long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out long userId))
        {
            return null;
        }

        UserInfo? user = await context.RequestServices.GetRequiredService<ServerStore>().Users
            .FindSessionAsync(session, userId, context.RequestAborted).ConfigureAwait(false);
        if (user is null)
        {
            return null;
        }

        Remember(context, user);
        return user;
    }
}
