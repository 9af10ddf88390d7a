namespace Zhiku.Core.Access;

/// <summary>Who owns a knowledge base and whether it is personal (visible to its owner only).</summary>
/// <param name="OwnerId">The owning user's id, or null for knowledge bases made outside the server (CLI).</param>
/// <param name="Personal">True for a personal knowledge base: only the owner ever sees it.</param>
public sealed record KbOwnership(long? OwnerId, bool Personal);
