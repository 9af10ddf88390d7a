namespace Zhiku.Core.Privacy;

/// <summary>
/// The privacy filter on the way to a cloud model: every text sent is desensitized (personal data replaced by
/// consistent placeholders, masked, generalized or redacted as the policy says) and every text that comes back
/// has its placeholders restored locally, only where <see cref="MayReveal"/> allows. One instance serves one
/// conversation, so the same person keeps the same placeholder across turns.
/// </summary>
public sealed class PrivacyOutboundFilter : IOutboundFilter
{
    private readonly Desensitizer _desensitizer;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);

    /// <param name="desensitizer">Detector and operators.</param>
    /// <param name="session">The conversation's placeholder mapping (restore it from a vault to continue a chat).</param>
    /// <param name="mayReveal">Whether the reader may see an original value; null reveals all (the store's owner).</param>
    public PrivacyOutboundFilter(Desensitizer desensitizer, PseudonymSession session, Func<PseudonymEntry, bool>? mayReveal = null)
    {
        this._desensitizer = desensitizer;
        Session = session;
        MayReveal = mayReveal;
    }

    /// <summary>The placeholder mapping of this conversation (persist it with <see cref="PseudonymVault"/>).</summary>
    public PseudonymSession Session { get; }

    /// <summary>Decides which originals the reader may see; null means all.</summary>
    public Func<PseudonymEntry, bool>? MayReveal { get; }

    /// <summary>Entities replaced so far, by type (for the audit log); never the values.</summary>
    public IReadOnlyDictionary<string, int> CountsByType
    {
        get
        {
            lock (_gate)
            {
                return new Dictionary<string, int>(_counts, StringComparer.Ordinal);
            }
        }
    }

    public string ToModel(string text)
    {
        DesensitizationResult result = _desensitizer.Desensitize(text, Session);
        lock (_gate)
        {
            foreach ((string type, int count) in result.CountsByType)
            {
                _counts[type] = _counts.GetValueOrDefault(type) + count;
            }
        }

        return result.Text;
    }

    public string FromModel(string text) => Reidentifier.Restore(text, Session, MayReveal).Text;
}
