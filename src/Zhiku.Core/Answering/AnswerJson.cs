using System.Text.Json.Nodes;
using Zhiku.Core.Answering.Citations;
using Zhiku.Core.Indexing;

namespace Zhiku.Core.Answering;

/// <summary>
/// The JSON shapes of search results and answers (`search --json`, `ask --json`, and the HTTP API), defined once
/// so every host spells the contract fields the same way.
/// </summary>
public static class AnswerJson
{
    /// <summary>`{"results":[{"doc_id","external_id","chunk_id","title","source","heading","page","score","text"}]}`;
    /// with <paramref name="explain"/> each result also has an `explain` object (keyword and dense ranks and scores,
    /// fused score, rerank score, weights).</summary>
    public static JsonObject Search(IEnumerable<SearchResult> results, bool explain = false) => new()
    {
        ["results"] = new JsonArray(results.Select(r => (JsonNode)SearchResult(r, explain)).ToArray()),
    };

    private static JsonObject SearchResult(SearchResult r, bool explain)
    {
        var json = new JsonObject
        {
            ["doc_id"] = r.Chunk.DocId,
            ["external_id"] = r.Chunk.ExternalId,
            ["chunk_id"] = r.Chunk.Id,
            ["title"] = r.Chunk.Title,
            ["source"] = r.Chunk.SourcePath,
            ["heading"] = r.Chunk.HeadingPath,
            ["page"] = r.Chunk.Page,
            ["score"] = Math.Round(r.Score, 4),
            ["text"] = r.Chunk.Text,
        };
        if (explain && r.Explanation is { } e)
        {
            json["explain"] = new JsonObject
            {
                ["keyword_rank"] = e.KeywordRank,
                ["keyword_score"] = Round(e.KeywordScore),
                ["dense_rank"] = e.DenseRank,
                ["dense_score"] = Round(e.DenseScore),
                ["fused_score"] = Round(e.FusedScore),
                ["rerank_score"] = Round(e.RerankScore),
                ["keyword_weight"] = Math.Round(e.KeywordWeight, 4),
                ["dense_weight"] = Math.Round(e.DenseWeight, 4),
                ["dense"] = e.DenseNote,
            };
        }

        return json;
    }

    private static double? Round(double? value) => value is { } v ? Math.Round(v, 6) : null;

    /// <summary>`{"found","answer","mode","model","confidence","citations":[…],"sentences":[…],"grounded_share","flagged":[…],"notice","closest":[…]}`.</summary>
    public static JsonObject Answer(Answer answer) => new()
    {
        ["found"] = answer.Found,
        ["answer"] = answer.Text,
        ["mode"] = answer.Mode,
        ["model"] = answer.Model,
        ["confidence"] = answer.Confidence,
        ["citations"] = new JsonArray(answer.Citations.Select(c => (JsonNode)new JsonObject
        {
            ["n"] = c.N,
            ["doc_id"] = c.DocId,
            ["external_id"] = c.ExternalId,
            ["chunk_id"] = c.ChunkId,
            ["title"] = c.Title,
            ["source"] = c.Source,
            ["heading"] = c.Heading,
            ["page"] = c.Page,
            ["quote"] = c.Quote,
            ["start"] = c.Start,
            ["end"] = c.End,
        }).ToArray()),
        ["sentences"] = new JsonArray(answer.Sentences.Select(s => (JsonNode)new JsonObject
        {
            ["text"] = s.Text,
            ["citations"] = new JsonArray(s.Citations.Select(n => (JsonNode)n).ToArray()),
            ["supported"] = s.Supported,
            ["support_score"] = Math.Round(s.SupportScore, 3),
        }).ToArray()),
        ["grounded_share"] = Math.Round(answer.GroundedShare, 3),
        ["flagged"] = new JsonArray(answer.Flagged.Select(f => (JsonNode)new JsonObject
        {
            ["text"] = f.Text,
            ["kind"] = f.KindName,
            ["sentence"] = f.SentenceIndex,
        }).ToArray()),
        ["notice"] = answer.Notice,
        ["closest"] = new JsonArray(answer.Closest.Select(d => (JsonNode)new JsonObject
        {
            ["doc_id"] = d.DocId,
            ["external_id"] = d.ExternalId,
            ["title"] = d.Title,
            ["source"] = d.Source,
        }).ToArray()),
    };
}
