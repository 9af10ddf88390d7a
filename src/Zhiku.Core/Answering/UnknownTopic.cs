namespace Zhiku.Core.Answering;

/// <summary>Whether a question names something the knowledge base never mentions (<see cref="FoundGate"/>).</summary>
public enum UnknownTopic
{
    /// <summary>Every name and the leading key word of the question occur in the knowledge base.</summary>
    None,

    /// <summary>The question's leading key word (its topic) is a specific term that occurs nowhere in the knowledge base.</summary>
    LeadingWord,

    /// <summary>The question holds a Latin-script name or code (LoRa, 64DD) that occurs nowhere in the knowledge base.</summary>
    Name,
}
