namespace Zhiku.Core.Answering.Json;

/// <summary>A number, date, name or amount of an answer found in no cited source; <c>sentence</c> is its sentence's index.</summary>
public sealed record FlaggedJson(string Text, string Kind, int Sentence);
