namespace Zhiku.Core.Storage;

/// <summary>One message of an audited model request, exactly as it was sent (after the outbound filter).</summary>
/// <param name="Role">"system", "user" or "assistant".</param>
/// <param name="Text">The text sent.</param>
public sealed record AuditedMessage(string Role, string Text);
