namespace Zhiku.Server.Contracts;

/// <summary>One line of an access list.</summary>
public sealed record AccessEntryResponse(string User, string Role);
