using System.Text.RegularExpressions;
using Zhiku.Core.Access;
using Zhiku.Core.Configuration;
using Zhiku.Core.Indexing.Embeddings;
using Zhiku.Core.Indexing.Hybrid;
using Zhiku.Core.Indexing.Reranking;
using Zhiku.Core.Security;
using Zhiku.Core.Storage;
using Zhiku.Core.Storage.Postgres;

namespace Zhiku.Core;

/// <summary>
/// A Zhiku store: its system of record (one SQLite database in the folder, or PostgreSQL) for all knowledge bases plus
/// an index folder per knowledge base.
/// The entry point of the library: open it, then open knowledge bases from it.
/// </summary>
public sealed partial class ZhikuStore : IAsyncDisposable
{
    /// <summary>The knowledge base used when none is named.</summary>
    public const string DefaultKnowledgeBase = "default";

    private ZhikuStore(StoreLayout layout, StorageEngine engine)
    {
        Layout = layout;
        Engine = engine;
        Configuration = new ZhikuConfigurationSource(layout.ConfigPath);
    }

    public StoreLayout Layout { get; }

    /// <summary>Where every store below comes from: the embedded store or PostgreSQL (<see cref="StorageEngine"/>).</summary>
    public StorageEngine Engine { get; }

    /// <summary>The embedded database's synchronous paths; with PostgreSQL, reaching it is an error naming what is not
    /// stored there yet (<see cref="StorageEngine.NotInPostgres"/>).</summary>
    public MetadataStore Metadata => Engine.Metadata;

    /// <summary>How files derived from the documents are written in the store folder (indexes, vectors, uploads).</summary>
    public IAtRestEncryption Encryption => Engine.Encryption;

    /// <summary>The documents of every knowledge base, with their text, chunks and pages.</summary>
    public IDocumentStore Documents => Engine.Documents;

    /// <summary>The files the documents came from (one document may have several with the same content).</summary>
    public IDocumentSourceStore DocumentSources => Engine.DocumentSources;

    /// <summary>The chunks of every knowledge base's documents and the index backlog.</summary>
    public IChunkStore Chunks => Engine.Chunks;

    /// <summary>Which groups may read each document; retrieval reads them on every query.</summary>
    public IGroupStore Groups => Engine.Groups;

    /// <summary>Every request sent to a language model, as it was sent (desensitized).</summary>
    public IAuditStore Audit => Engine.Audit;

    /// <summary>The knowledge bases of the store (names as stored: a personal one carries its owner's namespace).
    /// Names are not checked here: <see cref="CreateKnowledgeBaseAsync"/> and <see cref="CreatePersonalKnowledgeBaseAsync"/> check them.</summary>
    public IKnowledgeBaseStore KnowledgeBases => Engine.KnowledgeBases;

    /// <summary>Users, API keys, web sessions and account events.</summary>
    public IUserStore Users => Engine.Users;

    /// <summary>Files whose parsing killed the parser worker.</summary>
    public IQuarantineStore Quarantine => Engine.Quarantine;

    /// <summary>The pseudonym vault's encrypted mappings, one per conversation.</summary>
    public IVaultStore Vault => Engine.Vault;

    /// <summary>Who may use each knowledge base, and its stored settings (the answering path reads its provider and prompt template).</summary>
    public IKnowledgeBaseAccessStore Access => Engine.Access;

    /// <summary>The original files of uploaded documents and staged uploads (<c>files/</c> and <c>uploads/staging/</c> in the
    /// store folder, or PostgreSQL's <c>originals</c>).</summary>
    public IOriginalFileStore Originals => Engine.Originals;

    /// <summary>The store's configuration (<c>zhiku.json</c> and <c>ZHIKU_LLM_*</c>), read once and again only when the file changes.</summary>
    public ZhikuConfigurationSource Configuration { get; }

    /// <summary>Where the knowledge bases of this store get their embedding generators: the process's shared ones
    /// (<see cref="EmbeddingGenerators.Process"/>) unless the host sets its own, with its logger, before opening any.</summary>
    public EmbeddingGenerators Embeddings { get; set; } = EmbeddingGenerators.Process;

    /// <summary>Where the knowledge bases of this store get their rerankers (<c>retrieval.reranker</c>): the process's
    /// shared ones (<see cref="CrossEncoders.Process"/>) unless the host sets its own, with its logger, before opening any.</summary>
    public CrossEncoders CrossEncoders { get; set; } = CrossEncoders.Process;

    /// <summary>Opens a store folder, creating it when missing, with the key from the environment
    /// (<see cref="EncryptionKey.FromEnvironment"/>).</summary>
    public static ZhikuStore Open(string root) => Open(root, EncryptionKey.FromEnvironment());

    /// <summary>Opens a store folder, creating it when missing, with an explicit key (null: none).</summary>
    public static ZhikuStore Open(string root, EncryptionKey? key)
    {
        StoreLayout layout = CreateFolder(root);
        return new ZhikuStore(layout, StorageEngine.OpenEmbedded(layout, key));
    }

    /// <summary>Opens a store folder (created when missing) over the system of record <paramref name="database"/> names:
    /// PostgreSQL, where the folder then holds only what this node derives (index replicas, caches), or, when null, the
    /// embedded store in the folder, as <see cref="Open(string, EncryptionKey?)"/>.</summary>
    /// <exception cref="ZhikuException"><see cref="ErrorKind.InvalidInput"/> naming <paramref name="root"/>: the folder
    /// cannot be created; otherwise as <see cref="StorageEngine.OpenAsync"/>.</exception>
    public static async Task<ZhikuStore> OpenAsync(string root, DatabaseUrl? database, EncryptionKey? key, CancellationToken cancellationToken = default)
    {
        StoreLayout layout = CreateFolder(root);
        return new ZhikuStore(layout, await StorageEngine.OpenAsync(layout, database, key, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Closes the engine's connections (PostgreSQL's pool); the embedded store holds none between calls.</summary>
    public ValueTask DisposeAsync() => Engine.DisposeAsync();

    private static StoreLayout CreateFolder(string root)
    {
        try
        {
            Directory.CreateDirectory(root);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw ZhikuException.InvalidInput($"cannot create store folder '{root}': {ex.Message} / 无法创建存储目录", root, ex);
        }

        return new StoreLayout(root);
    }

    /// <summary>Creates a knowledge base through <see cref="KnowledgeBases"/>, checking its name and policy.</summary>
    /// <exception cref="ZhikuException"><see cref="ErrorKind.InvalidInput"/>: the name or policy is invalid;
    /// <see cref="ErrorKind.Conflict"/>: the name is taken; otherwise as <see cref="IKnowledgeBaseStore.CreateAsync"/>.</exception>
    public Task<KnowledgeBaseInfo> CreateKnowledgeBaseAsync(string name, string policy = DataPolicy.Cloud, CancellationToken cancellationToken = default)
    {
        ValidateName(name);
        return KnowledgeBases.CreateAsync(name, DataPolicy.Parse(policy, "policy"), cancellationToken);
    }

    /// <summary>Creates <paramref name="ownerId"/>'s personal knowledge base <paramref name="name"/>, stored in the
    /// owner's namespace (<see cref="Access.KnowledgeBaseNames"/>), so it never collides with anyone else's names.</summary>
    /// <exception cref="ZhikuException">As <see cref="CreateKnowledgeBaseAsync"/>.</exception>
    public Task<KnowledgeBaseInfo> CreatePersonalKnowledgeBaseAsync(long ownerId, string name, string policy = DataPolicy.Cloud,
        CancellationToken cancellationToken = default)
    {
        ValidateName(name);
        return KnowledgeBases.CreateAsync(KnowledgeBaseNames.Personal(ownerId, name), DataPolicy.Parse(policy, "policy"), cancellationToken);
    }

    /// <summary>Opens a knowledge base: its indexes, repaired from the store when a run died between the two. The default
    /// one is created on first use; with <paramref name="create"/> any missing one is; otherwise a missing one is a
    /// <see cref="ZhikuException"/> (<see cref="ErrorKind.NotFound"/>, naming it).</summary>
    /// <param name="name">The knowledge base.</param>
    /// <param name="create">Create it when missing.</param>
    /// <param name="retrieval">Its embedding model and ranking settings; null reads them from the store's zhiku.json
    /// (the built-in model and default weights when it says nothing).</param>
    /// <param name="cancellationToken">Stops the store reads and the index repair; nothing is left open then.</param>
    /// <exception cref="ZhikuException">It does not exist (<see cref="ErrorKind.NotFound"/>); zhiku.json is invalid or a
    /// configured model cannot be loaded; the store cannot be read now (<see cref="ErrorKind.Unavailable"/>).</exception>
    public async Task<KnowledgeBase> OpenKnowledgeBaseAsync(string name, bool create = false, RetrievalConfiguration? retrieval = null,
        CancellationToken cancellationToken = default)
    {
        KnowledgeBaseInfo? info = await KnowledgeBases.FindAsync(name, cancellationToken).ConfigureAwait(false);
        if (info is null)
        {
            if (!create && name != DefaultKnowledgeBase)
            {
                throw UnknownKnowledgeBase(name);
            }

            try
            {
                info = await CreateKnowledgeBaseAsync(name, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (ZhikuException ex) when (ex.Kind == ErrorKind.Conflict)
            {
                // Another opener (a second process on the same store) created it meanwhile: open that one.
                info = await KnowledgeBases.FindAsync(name, cancellationToken).ConfigureAwait(false);
                if (info is null)
                {
                    throw;
                }
            }
        }

        return await KnowledgeBase.OpenAsync(this, info, retrieval ?? LoadRetrievalConfiguration(name), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Checks that a knowledge base exists (the default one counts: it is created on first use) without
    /// creating anything.</summary>
    /// <exception cref="ZhikuException">It does not exist (<see cref="ErrorKind.NotFound"/>); the message names it. The
    /// store cannot be read now (<see cref="ErrorKind.Unavailable"/>).</exception>
    public async Task EnsureKnowledgeBaseExistsAsync(string name, CancellationToken cancellationToken = default)
    {
        if (name != DefaultKnowledgeBase && await KnowledgeBases.FindAsync(name, cancellationToken).ConfigureAwait(false) is null)
        {
            throw UnknownKnowledgeBase(name);
        }
    }

    /// <summary>The error for a knowledge base that does not exist: names it and how to create it.</summary>
    public static ZhikuException UnknownKnowledgeBase(string name) =>
        ZhikuException.NotFound($"unknown knowledge base '{name}', nothing was created / 知识库 '{name}' 不存在，未创建任何内容", name);

    /// <summary>The retrieval configuration zhiku.json gives a knowledge base (defaults when the file is missing).</summary>
    /// <exception cref="ZhikuException">zhiku.json is invalid; the message names the key.</exception>
    public RetrievalConfiguration LoadRetrievalConfiguration(string name)
    {
        // The ZHIKU_LLM_* variables concern answering, not search: a half-set one must not break `search`.
        ZhikuConfiguration configuration = Configuration.FromFile;
        return configuration.ResolveRetrievalFor(name);
    }

    /// <summary>Deletes a knowledge base, its documents and its index folder (removed only after the delete is committed).</summary>
    /// <exception cref="ZhikuException"><see cref="ErrorKind.NotFound"/>: no knowledge base has this name; otherwise as
    /// <see cref="IKnowledgeBaseStore.DeleteAsync"/>.</exception>
    public async Task DeleteKnowledgeBaseAsync(string name, CancellationToken cancellationToken = default)
    {
        KnowledgeBaseInfo info = await KnowledgeBases.FindAsync(name, cancellationToken).ConfigureAwait(false)
            ?? throw ZhikuException.NotFound($"unknown knowledge base '{name}' / 知识库 '{name}' 不存在", name);
        await KnowledgeBases.DeleteAsync(info.Id, cancellationToken).ConfigureAwait(false);
        string folder = Layout.KnowledgeBaseFolder(info.Id);
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static void ValidateName(string name)
    {
        if (!KbName().IsMatch(name))
        {
            throw ZhikuException.InvalidInput(
                $"invalid knowledge base name '{name}': use 1-64 letters, digits, Chinese characters, '-', '_' or '.' / 知识库名称无效");
        }
    }

    [GeneratedRegex(@"^[\p{L}\p{N}_][\p{L}\p{N}_.\-]{0,63}$")]
    private static partial Regex KbName();
}
