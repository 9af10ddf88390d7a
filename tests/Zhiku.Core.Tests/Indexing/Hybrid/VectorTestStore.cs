using Zhiku.Core.Documents;
using Zhiku.Core.Indexing.Embeddings;
using Zhiku.Core.Indexing.Fusion;
using Zhiku.Core.Indexing.Hybrid;
using Zhiku.Core.Ingestion;

namespace Zhiku.Core.Tests.Indexing.Hybrid;

/// <summary>A temp store with a small corpus, opened with a given embedding configuration.</summary>
public sealed class VectorTestStore : IDisposable
{
    private readonly TempFolder _temp = new();

    public string Root => _temp.Path;

    public ZhikuStore Store => ZhikuStore.Open(_temp.Path);

    public Task<KnowledgeBase> OpenAsync(EmbeddingSettings embedding, double denseWeight = 1.0, FusionMethod method = FusionMethod.Convex) =>
        Store.OpenKnowledgeBaseAsync("kb", create: true, new RetrievalConfiguration
        {
            Embedding = embedding,
            Settings = new RetrievalSettings { Fusion = new() { DenseWeight = denseWeight, Method = method } },
        });

    /// <summary>Writes one document per text (ids doc1, doc2, …).</summary>
    public static async Task IngestAsync(KnowledgeBase kb, params string[] texts)
    {
        var ingestor = new Ingestor(kb);
        await ingestor.IngestDocumentsAsync(texts.Select((text, i) =>
        {
            string id = "doc" + (i + 1);
            var document = new ExtractedDocument(id, "Title " + id, text, [new TextBlock(0, text.Length, BlockKind.Paragraph, "", null)], "txt");
            return ingestor.Prepare(document, null, "test#" + id, "", 0);
        }));
    }

    public void Dispose() => _temp.Dispose();
}
