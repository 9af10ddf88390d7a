namespace Zhiku.Server.Contracts;

/// <summary>One account event: when, who (null: the local command line) and what.</summary>
public sealed record AccountEventResponse(DateTimeOffset Time, string? Actor, string Action);
