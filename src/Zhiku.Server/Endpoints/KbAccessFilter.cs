using Microsoft.AspNetCore.Http.HttpResults;
using Zhiku.Core.Access;
using Zhiku.Server.Services;

namespace Zhiku.Server.Endpoints;

/// <summary>
/// The access check every knowledge-base endpoint opens with, as an endpoint filter: it resolves the route's
/// <c>{kb}</c> for the signed-in user through <see cref="KnowledgeBaseGate"/> (404 when the user cannot see it, 403
/// without the role) and hands the handler the opened <see cref="KbAccess"/> (<see cref="Access"/>). The role is also
/// endpoint metadata (<see cref="RequiredKbRole"/>), so a test can check that no <c>{kb}</c> route lacks it. Handlers
/// keep their <c>string kb</c> parameter although the filter reads the same route value: it is what documents the path
/// parameter in the API reference.
/// </summary>
internal static class KbAccessFilter
{
    private static readonly object AccessKey = new();

    /// <summary>Requires <paramref name="minimum"/> on the knowledge base named by the route's <c>{kb}</c>.</summary>
    public static TBuilder RequireKbRole<TBuilder>(this TBuilder builder, KbRole minimum)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.WithMetadata(new RequiredKbRole(minimum));
        return builder.AddEndpointFilter(async (context, next) =>
        {
            HttpContext http = context.HttpContext;
            string kb = http.Request.RouteValues.TryGetValue("kb", out object? value) ? value as string ?? "" : "";
            KnowledgeBaseGate gate = http.RequestServices.GetRequiredService<KnowledgeBaseGate>();
            (KbAccess? access, ProblemHttpResult? problem) = await gate.OpenAsync(EndpointUser.Get(http), kb, minimum, http.RequestAborted).ConfigureAwait(false);
            if (access is null)
            {
                return problem;
            }

            http.Items[AccessKey] = access;
            return await next(context).ConfigureAwait(false);
        });
    }

    /// <summary>The knowledge base the filter opened for this request.</summary>
    /// <exception cref="InvalidOperationException">The endpoint has no <see cref="RequireKbRole{TBuilder}"/>.</exception>
    public static KbAccess Access(HttpContext context) =>
        context.Items.TryGetValue(AccessKey, out object? access) && access is KbAccess opened
            ? opened
            : throw new InvalidOperationException($"{context.Request.Path}: the endpoint has no RequireKbRole filter");
}
