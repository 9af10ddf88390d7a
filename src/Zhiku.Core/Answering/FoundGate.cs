namespace Zhiku.Core.Answering;

/// <summary>
/// Decides whether an extractive answer counts as found, from several signals rather than one coverage number:
/// how much of the question the chosen sentence and its context cover, whether it holds the kind of value asked
/// for, and how clearly the top hit stands out (its keyword coverage as a whole chunk and its score margin over the
/// next hit), and whether the question names something the knowledge base never mentions. Calibrated on labelled
/// answerable and unanswerable questions (docs/benchmarks.md, "Extractive answers").
/// </summary>
public sealed class FoundGate
{
    /// <summary>The evidence threshold for "found".</summary>
    public const double DefaultThreshold = 0.41;

    /// <summary>A top hit that covers this share of the question's key terms as a chunk …</summary>
    public const double ClearHitCoverage = 0.75;

    /// <summary>… and beats the next hit's score by this share is a clear hit, never rejected.</summary>
    public const double ClearHitMargin = 0.25;

    /// <summary>The evidence a clear hit gets at least (above any threshold worth using).</summary>
    public const double ClearHitEvidence = 0.6;

    /// <summary>The evidence is multiplied by this when the question's leading key word is a specific term the knowledge base never mentions.</summary>
    public const double UnknownLeadingWordFactor = 0.7;

    /// <summary>… and by this when the question names a Latin-script name or code the knowledge base never mentions.</summary>
    public const double UnknownNameFactor = 0.5;

    /// <summary>The evidence is multiplied by this when a Chinese question names the unit of its value (几次, 多少钱, 比例是多少)
    /// and the best sentence holds a value in that unit in a clause that covers <see cref="UnitNearCoverage"/> of the
    /// key terms …</summary>
    public const double UnitNearKeyTermsFactor = 1.5;

    /// <summary>… the key-term coverage that clause needs …</summary>
    public const double UnitNearCoverage = 0.3;

    /// <summary>… and by this when none of the quoted sentences holds a value in the asked unit.</summary>
    public const double UnitMissingFactor = 0.6;

    private readonly double _threshold;

    /// <param name="threshold">Evidence at or above which the answer is found.</param>
    public FoundGate(double threshold = DefaultThreshold) => this._threshold = threshold;

    /// <summary>The evidence for an answer, in [0, 1].</summary>
    /// <param name="relevance">Key-term coverage of the chosen sentence blended with that of its context (heading, sentence before).</param>
    /// <param name="holdsAsked">The sentence holds a value of the kind the question asks for (true when it asks for none).</param>
    /// <param name="fromTopHit">The sentence is from the top-ranked chunk.</param>
    /// <param name="margin">1 − (second score / top score): how far the top hit stands out.</param>
    /// <param name="topChunkCoverage">Key-term coverage of the top chunk with its heading and title.</param>
    /// <param name="unknownTopic">Whether the question names something the knowledge base never mentions.</param>
    /// <param name="unit">Whether the value in the unit a Chinese question names is there, next to its key terms.</param>
    public double Evidence(double relevance, bool holdsAsked, bool fromTopHit, double margin, double topChunkCoverage,
        UnknownTopic unknownTopic = UnknownTopic.None, UnitEvidence unit = UnitEvidence.NotAsked)
    {
        double evidence = relevance * (holdsAsked ? 1.0 : 0.8);
        if (fromTopHit)
        {
            evidence += 0.1 * Math.Clamp(margin, 0, 1) * topChunkCoverage;
        }

        // A clear top hit (the chunk covers the question and stands out from the rest) is not rejected for the way
        // its best sentence is phrased.
        if (fromTopHit && holdsAsked && topChunkCoverage >= ClearHitCoverage && margin >= ClearHitMargin)
        {
            evidence = Math.Max(evidence, ClearHitEvidence);
        }

        // A Chinese question says the unit of its value outright (几次, 多少钱, 比例是多少): a sentence with that value next
        // to the question's key terms answers although the question says the rest in other words (事假一年最多能请几天 →
        // 每年累计事假原则上不超过15天); sentences with none answer something else (公积金的缴纳比例 → 一个月内…缴纳住房公积金).
        evidence *= unit switch
        {
            UnitEvidence.NearKeyTerms => UnitNearKeyTermsFactor,
            UnitEvidence.Missing => UnitMissingFactor,
            _ => 1.0,
        };

        // Covering the rest of the question does not answer it when what it asks about is absent: 网关支持LoRa吗 matched
        // on 网关支持 alone, 马那瓜的平均气温 on 平均气温 in a passage about the world's climate.
        evidence *= unknownTopic switch
        {
            UnknownTopic.LeadingWord => UnknownLeadingWordFactor,
            UnknownTopic.Name => UnknownNameFactor,
            _ => 1.0,
        };
        return Math.Clamp(evidence, 0, 1);
    }

    /// <summary>True when the evidence is enough for a found answer.</summary>
    public bool Found(double evidence) => evidence >= _threshold;
}
