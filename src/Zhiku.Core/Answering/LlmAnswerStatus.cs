namespace Zhiku.Core.Answering;

/// <summary>How an LLM answer attempt ended.</summary>
public enum LlmAnswerStatus
{
    /// <summary>The model answered; sentences and grounded share are filled.</summary>
    Answered,

    /// <summary>The model said the sources do not contain the answer (or there were no sources); the text is the not-found text.</summary>
    NotFound,

    /// <summary>The model could not be used; the caller shows the extractive answer with <see cref="LlmAnswer.Notice"/>.</summary>
    Failed,
}
