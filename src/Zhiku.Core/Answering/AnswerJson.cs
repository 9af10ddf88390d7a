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
    /// <summary>`{"results":[{"doc_id","external_id","chunk_id","title","source","heading","page","score","text"}]}`.</summary>
    public static JsonObject Search(IEnumerable<SearchResult> results) => new()
    {
        ["results"] = new JsonArray(results.Select(r => (JsonNode)new JsonObject
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
        }).ToArray()),
    };

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
