namespace Zhiku.Core.Access;

/// <summary>One line of a knowledge base's access list.</summary>
/// <param name="User">The user's name, or "*" for everyone signed in.</param>
/// <param name="Role">reader or editor.</param>
public sealed record KbAccessEntry(string User, KbRole Role);
