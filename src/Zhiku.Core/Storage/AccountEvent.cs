namespace Zhiku.Core.Storage;

/// <summary>One entry of the account event log.</summary>
/// <param name="Time">When it happened.</param>
/// <param name="Actor">Who did it (null: the local command line).</param>
/// <param name="Target">Whose account it concerns.</param>
/// <param name="Action">What happened, e.g. <c>key_issued_by_admin</c>, <c>password_set_by_admin</c>.</param>
public sealed record AccountEvent(DateTimeOffset Time, string? Actor, string Target, string Action);
