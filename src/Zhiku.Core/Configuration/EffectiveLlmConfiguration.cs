namespace Zhiku.Core.Configuration;

/// <summary>What one knowledge base actually uses after file, environment and overrides are merged.</summary>
/// <param name="KnowledgeBase">The knowledge base name.</param>
/// <param name="Provider">The model to ask, or null when none is configured (answers stay extractive).</param>
/// <param name="Answering">Answer-building settings with the knowledge base's overrides applied.</param>
public sealed record EffectiveLlmConfiguration(string KnowledgeBase, LlmProviderSettings? Provider, AnsweringSettings Answering);
