using Microsoft.Extensions.Options;
using Zhiku.Core;
using Zhiku.Core.Indexing.Embeddings;
using Zhiku.Core.Indexing.Reranking;
using Zhiku.Core.Storage;
using Zhiku.Core.Storage.Sqlite;

namespace Zhiku.Server.Services;

/// <summary>The open store and its server-side tables (users, access, jobs, chats): one per process.</summary>
public sealed class ServerStore
{
    /// <param name="options">The server's options (the store folder).</param>
    /// <param name="embeddings">The process's embedding generators, with the host's logger: every knowledge base the
    /// server opens shares them.</param>
    /// <param name="crossEncoders">The process's rerankers, with the host's logger: one per model folder, shared likewise.</param>
    public ServerStore(IOptions<ServerOptions> options, EmbeddingGenerators embeddings, CrossEncoders crossEncoders)
    {
        Options = options.Value;
        Store = ZhikuStore.Open(Options.ResolveStore());
        Store.Embeddings = embeddings;
        Store.CrossEncoders = crossEncoders;
        Users = new SqliteUserStore(Store.Metadata);
        Jobs = new SqliteJobStore(Store.Metadata);
        Chats = new SqliteChatStore(Store.Metadata);
        PublicIds = new PublicIds(Path.Combine(Store.Layout.Root, "keys"));
        Feedback = new SqliteFeedbackStore(Store.Metadata);
        Quarantine = new SqliteQuarantineStore(Store.Metadata);
    }

    public ServerOptions Options { get; }

    public ZhikuStore Store { get; }

    public MetadataStore Metadata => Store.Metadata;

    /// <summary>The store's knowledge bases (<see cref="ZhikuStore.KnowledgeBases"/>).</summary>
    public IKnowledgeBaseStore KnowledgeBases => Store.KnowledgeBases;

    public IUserStore Users { get; }

    /// <summary>Owners, access lists and settings of the knowledge bases (<see cref="ZhikuStore.Access"/>, the one the answering path reads).</summary>
    public IKnowledgeBaseAccessStore Access => Store.Access;

    public IJobStore Jobs { get; }

    public IChatStore Chats { get; }

    /// <summary>The document and chunk ids the server shows.</summary>
    public PublicIds PublicIds { get; }
    /// <summary>Ratings of answers, readable by a knowledge base's owner.</summary>
    public IFeedbackStore Feedback { get; }
    /// <summary>Files whose parsing killed the parser worker; quarantined ones are not parsed again automatically.</summary>
    public IQuarantineStore Quarantine { get; }

    /// <summary>The original files of uploads (<see cref="ZhikuStore.Originals"/>): staged ones and documents' originals.</summary>
    public IOriginalFileStore Originals => Store.Originals;

    /// <summary>In the embedded store, the folder uploads are staged in (<see cref="OriginalKeys.Staging"/>).</summary>
    public string StagingFolder => Path.Combine(Store.Layout.Root, "uploads", "staging");

    /// <summary>What the source paths of a knowledge base's uploaded documents start with.</summary>
    public string FilesSourcePrefix(long kbId) => FilesSourcePrefixOf(Store.Originals, kbId);

    /// <summary>What the source paths of a knowledge base's uploaded documents start with, in <paramref name="originals"/>.</summary>
    public static string FilesSourcePrefixOf(IOriginalFileStore originals, long kbId) => originals.SourceRoot + OriginalKeys.Folder(kbId) + "/";
}
