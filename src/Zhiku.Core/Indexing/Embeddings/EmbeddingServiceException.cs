namespace Zhiku.Core.Indexing.Embeddings;

/// <summary>A remote embedding service failed or answered with something that is not embeddings.</summary>
public sealed class EmbeddingServiceException : Exception
{
    public EmbeddingServiceException(string message) : base(message) { }

    public EmbeddingServiceException(string message, Exception innerException) : base(message, innerException) { }

    public EmbeddingServiceException() { }

    /// <summary>HTTP status of the failed call, if there was one.</summary>
    public int? StatusCode { get; init; }
}
