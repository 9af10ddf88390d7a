using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Zhiku.Core.Indexing;
using Zhiku.Core.Indexing.Hybrid;

namespace Zhiku.Core.Answering.Json;

/// <summary>
/// The one definition of the search and ask JSON shapes shared by the CLI (<c>--json</c>) and the server: map
/// results to these records and serialize them with <see cref="Options"/> (snake_case names).
/// </summary>
public static class AnswerJson
{
    /// <summary>Serializer options of the contract: snake_case, readable Chinese, nulls written.</summary>
    public static JsonSerializerOptions Options { get; } = Create(indented: false);

    /// <summary>The same options, indented (CLI output).</summary>
    public static JsonSerializerOptions Indented { get; } = Create(indented: true);

    /// <summary>Configures options to write the contract's names (for hosts that own their options).</summary>
    public static void Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        options.DictionaryKeyPolicy = null;
        options.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
    }

    /// <summary>One search result.</summary>
    public static SearchHitJson Hit(SearchResult r) => new(
        r.Chunk.DocId, r.Chunk.ExternalId, r.Chunk.Id, r.Chunk.Title, r.Chunk.SourcePath, r.Chunk.HeadingPath, r.Chunk.Page,
        Math.Round(r.Score, 4), r.Chunk.Text);

    /// <summary>The search body; with <paramref name="explain"/> each result also has an `explain` object.</summary>
    public static SearchResponseJson Search(IReadOnlyList<SearchResult> results, bool explain = false) =>
        new(results.Select(r => explain ? Hit(r) with { Explain = Explain(r.Explanation) } : Hit(r)).ToList());

    private static ExplainJson? Explain(SearchExplanation? e) => e is null ? null : new ExplainJson(
        e.KeywordRank, Round(e.KeywordScore), e.DenseRank, Round(e.DenseScore), Round(e.FusedScore), Round(e.RerankScore),
        Math.Round(e.KeywordWeight, 4), Math.Round(e.DenseWeight, 4), e.DenseNote);

    private static double? Round(double? value) => value is { } v ? Math.Round(v, 6) : null;

    /// <summary>The ask body.</summary>
    public static AskResponseJson Ask(Answer answer) => new(
        answer.Found,
        answer.Text,
        answer.Mode,
        answer.Confidence,
        answer.Citations.Select(c => new CitationJson(c.N, c.DocId, c.ExternalId, c.ChunkId, c.Title, c.Source, c.Heading, c.Page, c.Quote, c.Start, c.End)).ToList(),
        answer.Closest.Select(d => new RelatedDocumentJson(d.DocId, d.ExternalId, d.Title, d.Source)).ToList())
    {
        Model = answer.Model,
        Sentences = answer.Sentences.Select(s => new SentenceJson(s.Text, s.Citations, s.Supported, Math.Round(s.SupportScore, 3))).ToList(),
        GroundedShare = Math.Round(answer.GroundedShare, 3),
        Flagged = answer.Flagged.Select(f => new FlaggedJson(f.Text, f.KindName, f.SentenceIndex)).ToList(),
        Notice = answer.Notice,
    };

    private static JsonSerializerOptions Create(bool indented)
    {
        var options = new JsonSerializerOptions { WriteIndented = indented };
        Configure(options);
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
