using Microsoft.Extensions.Options;
using Zhiku.Core;
using Zhiku.Core.Indexing.Embeddings;
using Zhiku.Core.Indexing.Reranking;
using Zhiku.Core.Storage;
using Zhiku.Core.Security;

namespace Zhiku.Server.Services;

/// <summary>The open store and its server-side tables (users, access, jobs, chats), all from one engine: one per process.</summary>
public sealed class ServerStore : IAsyncDisposable
{
    /// <param name="options">The server's options (the store folder and the database).</param>
    /// <param name="embeddings">The process's embedding generators, with the host's logger: every knowledge base the
    /// server opens shares them.</param>
    /// <param name="crossEncoders">The process's rerankers, with the host's logger: one per model folder, shared likewise.</param>
    public ServerStore(IOptions<ServerOptions> options, EmbeddingGenerators embeddings, CrossEncoders crossEncoders)
    {
        Options = options.Value;
        // The one composition of the stores, as the CLI's (ZhikuStore.OpenAsync): the embedded store in the folder, or
        // PostgreSQL as the system of record. Built once at process start, when the pipeline resolves this singleton
        // (Pipeline.UseZhikuServer) before the host starts: DI constructs synchronously, and opening PostgreSQL (connect,
        // migrate under the advisory lock) is asynchronous. The embedded store opens synchronously inside it.
        Store = ZhikuStore.OpenAsync(Options.ResolveStore(), Options.ResolveDatabase(), EncryptionKey.FromEnvironment()).GetAwaiter().GetResult();
        Store.Embeddings = embeddings;
        Store.CrossEncoders = crossEncoders;
        PublicIds = Store.Engine.SharedKeys is { } shared ? PublicIds.Shared(shared) : new PublicIds(Path.Combine(Store.Layout.Root, "keys"));
    }

    public ServerOptions Options { get; }

    public ZhikuStore Store { get; }

    /// <summary>The store's knowledge bases (<see cref="ZhikuStore.KnowledgeBases"/>).</summary>
    public IKnowledgeBaseStore KnowledgeBases => Store.KnowledgeBases;

    public IUserStore Users => Store.Engine.Users;

    /// <summary>Owners, access lists and settings of the knowledge bases (<see cref="ZhikuStore.Access"/>, the one the answering path reads).</summary>
    public IKnowledgeBaseAccessStore Access => Store.Access;

    public IJobStore Jobs => Store.Engine.Jobs;

    public IChatStore Chats => Store.Engine.Chats;

    /// <summary>The document and chunk ids the server shows.</summary>
    public PublicIds PublicIds { get; }
    /// <summary>Ratings of answers, readable by a knowledge base's owner.</summary>
    public IFeedbackStore Feedback => Store.Engine.Feedback;
    /// <summary>Files whose parsing killed the parser worker; quarantined ones are not parsed again automatically.</summary>
    public IQuarantineStore Quarantine => Store.Engine.Quarantine;

    /// <summary>The original files of uploads (<see cref="ZhikuStore.Originals"/>): staged ones and documents' originals.</summary>
    public IOriginalFileStore Originals => Store.Originals;

    /// <summary>In the embedded store, the folder uploads are staged in (<see cref="OriginalKeys.Staging"/>).</summary>
    public string StagingFolder => Path.Combine(Store.Layout.Root, "uploads", "staging");

    /// <summary>What the source paths of a knowledge base's uploaded documents start with.</summary>
    public string FilesSourcePrefix(long kbId) => FilesSourcePrefixOf(Store.Originals, kbId);

    /// <summary>What the source paths of a knowledge base's uploaded documents start with, in <paramref name="originals"/>.</summary>
    public static string FilesSourcePrefixOf(IOriginalFileStore originals, long kbId) => originals.SourceRoot + OriginalKeys.Folder(kbId) + "/";

    /// <summary>Closes the store's connections when the host is disposed.</summary>
    public ValueTask DisposeAsync() => Store.DisposeAsync();
}
