namespace Zhiku.Core.Answering.Prompting;

/// <summary>A prompt ready to send: messages, the sources that made it in, and its size.</summary>
/// <param name="System">The system message, or null when the template has none.</param>
/// <param name="User">The user message with the numbered sources and the question.</param>
/// <param name="Sources">The sources in the prompt, as given (a cut source keeps its number; its text here is the cut text).</param>
/// <param name="TokenCount">Tokens of system + user as counted by <see cref="PromptTokenCounter"/>.</param>
/// <param name="Language">The question's language.</param>
/// <param name="NotFoundText">The sentence the model was told to answer when the sources lack the answer.</param>
/// <param name="OmittedSources">How many given sources did not fit the budget.</param>
public sealed record BuiltPrompt(
    string? System,
    string User,
    IReadOnlyList<SourcePassage> Sources,
    int TokenCount,
    AnswerLanguage Language,
    string NotFoundText,
    int OmittedSources);
