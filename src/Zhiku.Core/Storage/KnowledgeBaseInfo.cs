namespace Zhiku.Core.Storage;

/// <summary>A knowledge base as stored.</summary>
/// <param name="Id">Row id.</param>
/// <param name="Name">Unique name, as the user types it.</param>
/// <param name="Policy">Data policy: cloud, local-only or forbidden.</param>
/// <param name="CreatedAt">When it was created.</param>
public sealed record KnowledgeBaseInfo(long Id, string Name, string Policy, DateTimeOffset CreatedAt);
