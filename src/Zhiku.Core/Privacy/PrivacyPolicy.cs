namespace Zhiku.Core.Privacy;

/// <summary>Where a knowledge base's or document's text may go, ordered from least to most restrictive, so the
/// effective policy of a chunk is the maximum of its knowledge base's, its document's and any rule's.</summary>
public enum PrivacyPolicy
{
    /// <summary><c>cloud</c>: may be sent to a cloud model after desensitization.</summary>
    Cloud = 0,
    /// <summary><c>local-only</c>: only a local model may see it; with a cloud model it is cited, never sent.</summary>
    LocalOnly = 1,
    /// <summary><c>forbidden</c>: never retrieved nor answered from (不允许采集).</summary>
    Forbidden = 2,
}
