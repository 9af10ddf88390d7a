namespace Zhiku.Core.Privacy;

/// <summary>The `privacy` section of zhiku.json: operators per entity type, name lists and policy rules.</summary>
public sealed record PrivacySettings
{
    /// <summary>How each entity type is desensitized before text goes to a cloud model.</summary>
    public DesensitizationPolicy Operators { get; init; } = DesensitizationPolicy.Default;

    /// <summary>Staff names always recognised as person names.</summary>
    public IReadOnlyList<string> StaffDirectory { get; init; } = [];

    /// <summary>Terms never treated as personal data.</summary>
    public IReadOnlyList<string> Allow { get; init; } = [];

    /// <summary>Terms always treated as personal data (person names).</summary>
    public IReadOnlyList<string> Deny { get; init; } = [];

    /// <summary>Rules that set document policies at ingest.</summary>
    public IReadOnlyList<PrivacyRule> Rules { get; init; } = [];

    /// <summary>A detector configured with these lists.</summary>
    public PiiDetector CreateDetector() => new(new PiiDetectorOptions
    {
        StaffDirectory = StaffDirectory,
        AllowList = Allow,
        DenyList = Deny,
    });
}
