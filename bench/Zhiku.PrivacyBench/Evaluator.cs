using System.Globalization;
using System.Text;
using Zhiku.Core.Privacy;

namespace Zhiku.PrivacyBench;

/// <summary>Per-type precision, recall and F2. A prediction matches a gold entity of the same type when it covers
/// the whole entity (a partial mask leaves part of it readable, so it counts as a leak) and is not more than twice
/// as long (IoU ≥ 0.5); each gold entity matches at most once.</summary>
internal static class Evaluator
{
    // Types reported together: the permit and the HK/Macau/Taiwan ID recognizers share one target.
    private static string Row(string type) => type is "CN_HMT_PERMIT" or "CN_HMT_ID" ? "CN_HMT (permits, IDs)" : type;

    public static string Evaluate(PiiDetector detector, IReadOnlyList<LabelledDocument> docs, TextWriter? errors = null)
    {
        var tp = new Dictionary<string, int>();
        var fp = new Dictionary<string, int>();
        var fn = new Dictionary<string, int>();
        foreach (LabelledDocument doc in docs)
        {
            IReadOnlyList<PiiEntity> predicted = detector.Detect(doc.Text);
            var used = new bool[doc.Entities.Count];
            foreach (PiiEntity p in predicted)
            {
                int match = -1;
                for (int i = 0; i < doc.Entities.Count; i++)
                {
                    GoldEntity g = doc.Entities[i];
                    if (!used[i] && Row(g.Type) == Row(p.Type) && p.Start <= g.Start && p.End >= g.End && IoU(g.Start, g.End, p.Start, p.End) >= 0.5)
                    {
                        match = i;
                        break;
                    }
                }

                if (match >= 0)
                {
                    used[match] = true;
                    Bump(tp, Row(p.Type));
                }
                else
                {
                    Bump(fp, Row(p.Type));
                    errors?.WriteLine($"FP {p.Type} [{p.ValueIn(doc.Text)}] in {doc.Template}: …{Context(doc.Text, p.Start, p.End)}…");
                }
            }

            for (int i = 0; i < doc.Entities.Count; i++)
            {
                if (!used[i])
                {
                    GoldEntity g = doc.Entities[i];
                    Bump(fn, Row(g.Type));
                    errors?.WriteLine($"FN {g.Type} [{doc.Text[g.Start..g.End]}] in {doc.Template}: …{Context(doc.Text, g.Start, g.End)}…");
                }
            }
        }

        var sb = new StringBuilder();
        sb.AppendLine("| Type | Gold | TP | FP | FN | Precision | Recall | F2 |");
        sb.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (string type in tp.Keys.Concat(fp.Keys).Concat(fn.Keys).Distinct().Order(StringComparer.Ordinal))
        {
            int t = tp.GetValueOrDefault(type), f = fp.GetValueOrDefault(type), n = fn.GetValueOrDefault(type);
            double precision = t + f == 0 ? 1 : (double)t / (t + f);
            double recall = t + n == 0 ? 1 : (double)t / (t + n);
            double f2 = precision + recall == 0 ? 0 : 5 * precision * recall / ((4 * precision) + recall);
            sb.AppendLine(CultureInfo.InvariantCulture, $"| {type} | {t + n} | {t} | {f} | {n} | {precision:F3} | {recall:F3} | {f2:F3} |");
        }

        return sb.ToString();
    }

    private static double IoU(int s1, int e1, int s2, int e2)
    {
        int inter = Math.Max(0, Math.Min(e1, e2) - Math.Max(s1, s2));
        int union = Math.Max(e1, e2) - Math.Min(s1, s2);
        return union == 0 ? 0 : (double)inter / union;
    }

    private static void Bump(Dictionary<string, int> d, string key) => d[key] = d.GetValueOrDefault(key) + 1;

    private static string Context(string text, int start, int end) =>
        text[Math.Max(0, start - 12)..Math.Min(text.Length, end + 12)].ReplaceLineEndings(" ");
}
