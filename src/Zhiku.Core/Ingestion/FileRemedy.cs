namespace Zhiku.Core.Ingestion;

/// <summary>What would get a skipped or quarantined file in. Core's reason names the thing (the size limit, a forced
/// retry); a host adds the words its user types for it (the CLI's --max-file-mb and --force).</summary>
public enum FileRemedy
{
    /// <summary>Nothing the caller can change, or nothing needed.</summary>
    None,
    /// <summary>The file is over <see cref="IngestOptions.MaxFileBytes"/>: raising that limit lets it in.</summary>
    RaiseSizeLimit,
    /// <summary>The file is quarantined: ingesting with <see cref="IngestOptions.Force"/> parses it again.</summary>
    Force,
}
