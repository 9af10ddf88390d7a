namespace Zhiku.Core.Answering.Prompting;

/// <summary>The language an answer is written in: the question's.</summary>
public enum AnswerLanguage
{
    Chinese,
    English,
}
