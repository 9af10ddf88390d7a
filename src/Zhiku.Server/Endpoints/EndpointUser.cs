using Zhiku.Core.Access;
using Zhiku.Server.Auth;

namespace Zhiku.Server.Endpoints;

/// <summary>The signed-in user of a request, for endpoint handlers (authorization has already run).</summary>
internal static class EndpointUser
{
    public static UserInfo Get(HttpContext context) =>
        UserPrincipal.Current(context) ?? throw new InvalidOperationException("endpoint reached without a signed-in user");
}
