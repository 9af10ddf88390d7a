namespace Zhiku.Server.Auth;

/// <summary>Authentication scheme names.</summary>
public static class AuthSchemes
{
    /// <summary>Picks <see cref="ApiKey"/> when an Authorization header is present, else <see cref="Cookie"/>.</summary>
    public const string Default = "zhiku";

    /// <summary><c>Authorization: Bearer KEY</c>.</summary>
    public const string ApiKey = "api-key";

    /// <summary>The web UI's sign-in cookie.</summary>
    public const string Cookie = "cookie";

    /// <summary>The cookie's name.</summary>
    public const string CookieName = "zhiku_session";
}
