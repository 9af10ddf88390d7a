namespace Zhiku.Core.Storage.Copy;

/// <summary>The vectors one knowledge base has in the embedded store's <c>vectors</c> folder, for the copy.</summary>
/// <param name="ModelId">The model they come from.</param>
/// <param name="Languages">The languages key chunks were skipped for.</param>
/// <param name="Vectors">Every chunk with a vector, and the skipped ones.</param>
public sealed record VectorExport(string ModelId, string Languages, IReadOnlyList<StoredVector> Vectors);
