using Zhiku.Core.Access;

namespace Zhiku.Server.Endpoints;

/// <summary>Endpoint metadata: the role <see cref="KbAccessFilter"/> requires on the route's knowledge base.</summary>
/// <param name="Minimum">The least role that may call the endpoint.</param>
public sealed record RequiredKbRole(KbRole Minimum);
