namespace Zhiku.Core.Answering;

/// <summary>Whether the answer holds a value in the unit a Chinese question names (<see cref="AskedUnit"/>, <see cref="FoundGate"/>).</summary>
public enum UnitEvidence
{
    /// <summary>The question names no unit, or is not in Chinese.</summary>
    NotAsked,

    /// <summary>A quoted sentence holds a value in the unit, but not in a clause next to the question's key terms.</summary>
    Held,

    /// <summary>The best sentence holds a value in the unit in a clause that covers the question's key terms.</summary>
    NearKeyTerms,

    /// <summary>None of the quoted sentences holds a value in the unit.</summary>
    Missing,
}
