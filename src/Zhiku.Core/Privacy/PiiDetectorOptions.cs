namespace Zhiku.Core.Privacy;

/// <summary>Settings of a <see cref="PiiDetector"/>; usually one per knowledge base.</summary>
public sealed record PiiDetectorOptions
{
    /// <summary>Candidates scoring below this are dropped. 0.5 keeps validated and well-cued matches.</summary>
    public double MinScore { get; init; } = 0.5;

    /// <summary>Names of people in the organisation (the knowledge base's staff directory): always found as PERSON.</summary>
    public IReadOnlyCollection<string> StaffDirectory { get; init; } = [];

    /// <summary>Terms never reported, whatever a recognizer says (public figures, product names that look like names).</summary>
    public IReadOnlyCollection<string> AllowList { get; init; } = [];

    /// <summary>Terms always reported as PERSON (names the rules miss, code names for people).</summary>
    public IReadOnlyCollection<string> DenyList { get; init; } = [];

    /// <summary>Use jieba.NET's part-of-speech tagger (tag nr) to find Chinese names without cue words.</summary>
    public bool UseJieba { get; init; } = true;

    /// <summary>Only these types are reported; null reports all of <see cref="PiiTypes.All"/>.</summary>
    public IReadOnlySet<string>? Types { get; init; }

    /// <summary>The clock that decides which birth dates are in the future.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Today's date according to <see cref="TimeProvider"/>.</summary>
    public DateOnly Today => DateOnly.FromDateTime(TimeProvider.GetLocalNow().DateTime);
}
