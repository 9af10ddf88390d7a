namespace Zhiku.Core.Ingestion;

/// <summary>A requested document policy is looser than its knowledge base's; the message names both. Hosts map it to
/// exit code 1 (CLI) or 409 (upload).</summary>
public sealed class DocumentPolicyException : Exception
{
    public DocumentPolicyException(string knowledgeBase, string knowledgeBasePolicy, string requested, string message)
        : base(message)
    {
        KnowledgeBase = knowledgeBase;
        KnowledgeBasePolicy = knowledgeBasePolicy;
        Requested = requested;
    }

    public DocumentPolicyException() { }

    public DocumentPolicyException(string message) : base(message) { }

    public DocumentPolicyException(string message, Exception innerException) : base(message, innerException) { }

    public string KnowledgeBase { get; } = "";

    public string KnowledgeBasePolicy { get; } = "";

    public string Requested { get; } = "";
}
