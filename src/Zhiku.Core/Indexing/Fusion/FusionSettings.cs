namespace Zhiku.Core.Indexing.Fusion;

/// <summary>
/// Per-knowledge-base fusion configuration (<c>fusion</c>, <c>keyword_weight</c>, <c>dense_weight</c>, <c>rrf_k</c>,
/// <c>candidates</c>: how many hits each retriever contributes). Defaults are the measured ones (docs/benchmarks.md,
/// "Fusion"): a convex combination weighting keyword scores 0.7 and dense scores 0.3.
/// </summary>
public sealed record FusionSettings
{
    public const double DefaultKeywordWeight = 0.7;

    public const double DefaultDenseWeight = 0.3;

    public FusionMethod Method { get; init; } = FusionMethod.Convex;

    public double KeywordWeight { get; init; } = DefaultKeywordWeight;

    public double DenseWeight { get; init; } = DefaultDenseWeight;

    public double RrfK { get; init; } = ReciprocalRankFusion.DefaultK;

    public int Candidates { get; init; } = 100;

    /// <summary>Parses the <c>fusion</c> key: <c>convex</c> or <c>rrf</c>; null for anything else.</summary>
    public static FusionMethod? ParseMethod(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        "convex" => FusionMethod.Convex,
        "rrf" => FusionMethod.Rrf,
        _ => null,
    };

    /// <summary>Checks the values.</summary>
    /// <exception cref="ZhikuException">The first invalid value, naming its key and the fix.</exception>
    public void Validate(string keyPrefix = "fusion.")
    {
        CheckWeight(KeywordWeight, keyPrefix + "keyword_weight");
        CheckWeight(DenseWeight, keyPrefix + "dense_weight");
        if (KeywordWeight == 0 && DenseWeight == 0)
        {
            throw ZhikuException.InvalidInput(
                $"Configuration {keyPrefix}keyword_weight and {keyPrefix}dense_weight are both 0: set at least one above 0. " +
                $"配置项 {keyPrefix}keyword_weight 与 {keyPrefix}dense_weight 不能同时为 0。");
        }

        if (double.IsNaN(RrfK) || RrfK < 0 || RrfK > 10_000)
        {
            throw ZhikuException.InvalidInput(
                $"Configuration {keyPrefix}rrf_k = {RrfK} is invalid: use a number from 0 to 10000 (60 is the usual value). " +
                $"配置项 {keyPrefix}rrf_k 无效：请填写 0 到 10000 之间的数（常用 60）。");
        }

        if (Candidates is < 1 or > 10_000)
        {
            throw ZhikuException.InvalidInput(
                $"Configuration {keyPrefix}candidates = {Candidates} is invalid: use a number from 1 to 10000. " +
                $"配置项 {keyPrefix}candidates 无效：请填写 1 到 10000 之间的数。");
        }
    }

    private static void CheckWeight(double weight, string key)
    {
        if (double.IsNaN(weight) || double.IsInfinity(weight) || weight < 0)
        {
            throw ZhikuException.InvalidInput(
                $"Configuration {key} = {weight} is invalid: use a number of 0 or more (defaults: keyword 0.7, dense 0.3). " +
                $"配置项 {key} 无效：请填写不小于 0 的数（默认：关键词 0.7，向量 0.3）。");
        }
    }
}
