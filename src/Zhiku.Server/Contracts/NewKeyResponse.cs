namespace Zhiku.Server.Contracts;

/// <summary>A new API key: shown once, stored only as a hash.</summary>
public sealed record NewKeyResponse(string User, string ApiKey);
