using System.Globalization;
using System.Text;

namespace Zhiku.Core.Privacy;

/// <summary>
/// The placeholder mapping of one conversation: the same value always gets the same placeholder ([姓名_1],
/// [身份证_2], [PHONE_1]), counters run per label. Thread-safe. Holds personal data: persist it only through
/// <see cref="PseudonymVault"/>, never in logs.
/// </summary>
public sealed class PseudonymSession
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, PseudonymEntry> _byValue = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PseudonymEntry> _byPlaceholder = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _counters = new(StringComparer.Ordinal);
    private readonly List<PseudonymEntry> _entries = [];

    /// <summary>A new, empty session.</summary>
    public PseudonymSession(string id, PlaceholderLanguage language = PlaceholderLanguage.Auto)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        Id = id;
        Language = language;
    }

    /// <summary>The conversation id (also the vault file name).</summary>
    public string Id { get; }

    /// <summary>Which labels new placeholders use.</summary>
    public PlaceholderLanguage Language { get; }

    /// <summary>The vault version this session was loaded from or last saved as (<see cref="Storage.VaultBlob.None"/>:
    /// never stored); the vault's next save replaces only that version.</summary>
    internal long StoredVersion { get; set; }

    /// <summary>Every placeholder created so far, in creation order.</summary>
    public IReadOnlyList<PseudonymEntry> Entries
    {
        get
        {
            lock (_gate)
            {
                return [.. _entries];
            }
        }
    }

    /// <summary>The placeholder for <paramref name="value"/>, creating it on first sight.</summary>
    /// <param name="type">Entity type.</param>
    /// <param name="value">The original value.</param>
    /// <param name="chineseContext">Whether the surrounding text is Chinese (used when <see cref="Language"/> is Auto).</param>
    public string GetOrAdd(string type, string value, bool chineseContext)
    {
        string key = type + "\u0001" + CanonicalValue(type, value);
        lock (_gate)
        {
            if (_byValue.TryGetValue(key, out PseudonymEntry? existing))
            {
                return existing.Placeholder;
            }

            bool chinese = Language == PlaceholderLanguage.Chinese || (Language == PlaceholderLanguage.Auto && chineseContext);
            string label = chinese ? PiiTypes.ChineseLabel(type) : PiiTypes.EnglishLabel(type);
            int n = _counters.GetValueOrDefault(label) + 1;
            _counters[label] = n;
            var entry = new PseudonymEntry(string.Create(CultureInfo.InvariantCulture, $"[{label}_{n}]"), type, value);
            Add(key, entry);
            return entry.Placeholder;
        }
    }

    /// <summary>The entry behind <paramref name="placeholder"/> ("[姓名_1]"), if this session created it.</summary>
    public bool TryResolve(string placeholder, out PseudonymEntry entry)
    {
        lock (_gate)
        {
            return _byPlaceholder.TryGetValue(placeholder, out entry!);
        }
    }

    /// <summary>Rebuilds a session from stored entries (see <see cref="PseudonymVault"/>).</summary>
    public static PseudonymSession Restore(string id, PlaceholderLanguage language, IEnumerable<PseudonymEntry> entries)
    {
        var session = new PseudonymSession(id, language);
        foreach (PseudonymEntry entry in entries)
        {
            string label = entry.Placeholder.Trim('[', ']');
            int underscore = label.LastIndexOf('_');
            if (underscore > 0 && int.TryParse(label.AsSpan(underscore + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int n))
            {
                string name = label[..underscore];
                session._counters[name] = Math.Max(session._counters.GetValueOrDefault(name), n);
            }

            session.Add(entry.Type + "\u0001" + CanonicalValue(entry.Type, entry.Value), entry);
        }

        return session;
    }

    /// <summary>
    /// <paramref name="stored"/> (what another writer saved) with what only <paramref name="local"/> has: every stored
    /// placeholder keeps its value; a value only <paramref name="local"/> knows is added, under its own placeholder when
    /// that is still free and under the next number of its label otherwise (the answer that used it is finished, and
    /// later turns desensitize afresh). The result replaces <paramref name="stored"/>'s version.
    /// </summary>
    internal static PseudonymSession Merge(PseudonymSession stored, PseudonymSession local)
    {
        PseudonymSession merged = Restore(stored.Id, stored.Language, stored.Entries);
        merged.StoredVersion = stored.StoredVersion;
        foreach (PseudonymEntry entry in local.Entries)
        {
            string key = entry.Type + "\u0001" + CanonicalValue(entry.Type, entry.Value);
            if (merged._byValue.ContainsKey(key))
            {
                continue;
            }

            string label = LabelOf(entry.Placeholder);
            int n = Math.Max(merged._counters.GetValueOrDefault(label), NumberOf(entry.Placeholder));
            PseudonymEntry added = merged._byPlaceholder.ContainsKey(entry.Placeholder)
                ? entry with { Placeholder = string.Create(CultureInfo.InvariantCulture, $"[{label}_{++n}]") }
                : entry;
            merged._counters[label] = n;
            merged.Add(key, added);
        }

        return merged;
    }

    private static string LabelOf(string placeholder)
    {
        string label = placeholder.Trim('[', ']');
        int underscore = label.LastIndexOf('_');
        return underscore > 0 ? label[..underscore] : label;
    }

    private static int NumberOf(string placeholder)
    {
        string label = placeholder.Trim('[', ']');
        int underscore = label.LastIndexOf('_');
        return underscore > 0 && int.TryParse(label.AsSpan(underscore + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int n) ? n : 0;
    }

    private void Add(string key, PseudonymEntry entry)
    {
        _byValue[key] = entry;
        _byPlaceholder[entry.Placeholder] = entry;
        _entries.Add(entry);
    }

    // "138 1234 5678", "+86 13812345678" and "13812345678" are one person's number: one placeholder.
    internal static string CanonicalValue(string type, string value)
    {
        string v = value.Normalize(NormalizationForm.FormKC).Trim();
        switch (type)
        {
            case PiiTypes.ChineseMobile:
                string digits = new([.. v.Where(Boundaries.IsDigit)]);
                return digits.Length > 11 ? digits[^11..] : digits;
            case PiiTypes.BankCard or PiiTypes.ChineseLandline or PiiTypes.ChineseUscc or PiiTypes.Passport
                or PiiTypes.HmtPermit or PiiTypes.HmtId or PiiTypes.MacAddress or PiiTypes.ImAccount:
                return new string([.. v.Where(char.IsLetterOrDigit)]).ToUpperInvariant();
            case PiiTypes.Email or PiiTypes.IpAddress:
                return new string([.. v.Where(c => !char.IsWhiteSpace(c))]).ToLowerInvariant();
            case PiiTypes.ChineseId:
                return ChineseIdRecognizer.Spelled(v);
            case PiiTypes.ChinesePlate:
                return new string([.. v.Where(char.IsLetterOrDigit)]).ToUpperInvariant();
            default:
                return v;
        }
    }
}
