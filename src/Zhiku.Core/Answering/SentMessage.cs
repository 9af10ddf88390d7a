namespace Zhiku.Core.Answering;

/// <summary>A message exactly as it was sent to the model (after the outbound filter), for audit and tests.</summary>
/// <param name="Role">"system" or "user".</param>
/// <param name="Text">The text sent.</param>
public sealed record SentMessage(string Role, string Text);
