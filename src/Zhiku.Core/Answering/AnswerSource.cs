using Zhiku.Core.Configuration;
using Zhiku.Core.Indexing;
using Zhiku.Core.Retrieval;
using Zhiku.Core.Storage;

namespace Zhiku.Core.Answering;

/// <summary>
/// What answering reads from one knowledge base, so that no answering type depends on the knowledge base itself:
/// its search (the <see cref="Retrieval.Retriever"/>, which also reads the current policy), the term statistics of its
/// index (the extractive answer's IDF weights), its stored settings, its audit log and the store's
/// configuration. <see cref="KnowledgeBase.AnswerSource"/> builds it when the knowledge base is opened.
/// </summary>
public sealed class AnswerSource
{
    /// <param name="info">The knowledge base.</param>
    /// <param name="access">The store's knowledge-base settings (the stored provider and prompt template).</param>
    /// <param name="audit">The store's audit log, where every request to a model is recorded.</param>
    /// <param name="configuration">The store's configuration source (zhiku.json, ZHIKU_LLM_*).</param>
    /// <param name="retriever">Its search, with policy and read access applied.</param>
    /// <param name="statistics">Its index's term statistics.</param>
    public AnswerSource(KnowledgeBaseInfo info, IKnowledgeBaseAccessStore access, IAuditStore audit, ZhikuConfigurationSource configuration, Retriever retriever,
        ITermStatistics statistics)
    {
        ArgumentNullException.ThrowIfNull(info);
        ArgumentNullException.ThrowIfNull(access);
        ArgumentNullException.ThrowIfNull(audit);
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(retriever);
        ArgumentNullException.ThrowIfNull(statistics);
        Info = info;
        Access = access;
        Audit = audit;
        Configuration = configuration;
        Retriever = retriever;
        Statistics = statistics;
    }

    /// <summary>The knowledge base as it was when opened (its current policy comes from <see cref="Retriever"/>).</summary>
    public KnowledgeBaseInfo Info { get; }

    /// <summary>Where the knowledge base's stored answering settings are read (<see cref="StoredKnowledgeBaseSettings.ReadAsync"/>).</summary>
    public IKnowledgeBaseAccessStore Access { get; }

    /// <summary>The store's audit log of requests sent to models.</summary>
    public IAuditStore Audit { get; }

    /// <summary>The store's configuration, read again only when zhiku.json changes.</summary>
    public ZhikuConfigurationSource Configuration { get; }

    /// <summary>Search over the knowledge base.</summary>
    public Retriever Retriever { get; }

    /// <summary>Term statistics of the knowledge base's full-text index.</summary>
    public ITermStatistics Statistics { get; }
}
