namespace Zhiku.Core.Answering.Json;

/// <summary>One checked sentence of an answer: its citations and whether the cited sources support it.</summary>
public sealed record SentenceJson(string Text, IReadOnlyList<int> Citations, bool Supported, double SupportScore);
