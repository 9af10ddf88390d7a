using Microsoft.Extensions.AI;
using Zhiku.Core.Indexing.Embeddings;
using Zhiku.Core.Indexing.Vectors;
using Zhiku.Core.Security;
using Zhiku.Core.Storage;

namespace Zhiku.Core.Indexing.Hybrid;

/// <summary>
/// The dense side of one knowledge base: the vectors of its configured embedding model (in the <c>vectors</c>
/// folder, derived from the store's chunk text like the full-text index) and the model itself, loaded on first use.
/// Dense search is used only when every chunk has a vector of the configured model; until then search is keyword
/// only. With a system of record that keeps vectors (<see cref="IVectorStore"/>, PostgreSQL), every vector embedded here
/// is recorded there too, and a node whose folder is missing or behind takes the recorded ones instead of embedding
/// again. Thread-safe: searches run concurrently with one <see cref="UpdateAsync"/> at a time.
/// </summary>
public sealed class KnowledgeBaseVectors : IDisposable
{
    private readonly IChunkStore _chunks;
    private readonly IVectorStore? _stored;
    private readonly IAtRestEncryption _files;
    private readonly long _kbId;
    private readonly string _folder;
    private readonly string _pendingFolder;
    private readonly Func<EmbeddingSettings, IEmbeddingGenerator<string, Embedding<float>>> _createGenerator;
    private readonly SemaphoreSlim _generatorGate = new(1, 1);
    private readonly SemaphoreSlim _updateGate = new(1, 1);
    private readonly SemaphoreSlim _loadGate = new(1, 1);
    private readonly Lock _stateGate = new();
    private readonly Lazy<string> _modelId;
    private IEmbeddingGenerator<string, Embedding<float>>? _generator;
    private AdaptiveVectorIndex? _index;
    private HashSet<long> _skipped = [];
    private bool _loaded;
    private DenseStatus? _status;

    /// <param name="chunks">The store's chunks (the source of truth for chunk text).</param>
    /// <param name="files">How the vector files are written (encrypted under the store key when it has one).</param>
    /// <param name="kbId">The knowledge base.</param>
    /// <param name="layout">Where its folders are.</param>
    /// <param name="settings">The configured embedding model.</param>
    /// <param name="enabled">False when the dense side is off (no model is ever loaded).</param>
    /// <param name="generatorFactory">Gives the generator (disposed with this object); the process's shared one for the
    /// settings by default (<see cref="EmbeddingGenerators.Process"/>).</param>
    /// <param name="stored">The vectors the system of record keeps (PostgreSQL), or null when the folder is the only copy.</param>
    public KnowledgeBaseVectors(IChunkStore chunks, IAtRestEncryption files, long kbId, StoreLayout layout, EmbeddingSettings settings, bool enabled,
        Func<EmbeddingSettings, IEmbeddingGenerator<string, Embedding<float>>>? generatorFactory = null, IVectorStore? stored = null)
    {
        this._chunks = chunks;
        this._stored = stored;
        this._files = files;
        this._kbId = kbId;
        _folder = layout.VectorsFolder(kbId);
        _pendingFolder = layout.PendingVectorsFolder(kbId);
        Settings = settings;
        Enabled = enabled && !settings.IsDisabled;
        _createGenerator = generatorFactory ?? EmbeddingGenerators.Process.Get;
        _modelId = new Lazy<string>(() => EmbeddingGeneratorFactory.ModelIdOf(settings));
    }

    public EmbeddingSettings Settings { get; }

    /// <summary>False when no embedding model is configured.</summary>
    public bool Enabled { get; }

    /// <summary>The configured model's id (what new vectors are recorded as).</summary>
    public string ModelId => Enabled ? _modelId.Value : "none";

    /// <summary>Forgets the cached readiness after the store changed (new or deleted chunks).</summary>
    public void MarkChanged()
    {
        lock (_stateGate)
        {
            _status = null;
        }
    }

    /// <summary>Whether this instance has read the stored vectors (tests: a query that cannot use them must not).</summary>
    internal bool IsLoaded => Volatile.Read(ref _loaded);

    /// <summary>Whether dense search is used now, and why not.</summary>
    public async Task<DenseStatus> GetStatusAsync(CancellationToken cancellationToken = default)
    {
        lock (_stateGate)
        {
            if (_status is not null)
            {
                return _status;
            }
        }

        DenseStatus computed = await ComputeStatusAsync(cancellationToken).ConfigureAwait(false);
        lock (_stateGate)
        {
            _status = computed;
        }

        return computed;
    }

    /// <summary>
    /// The <paramref name="k"/> chunks nearest to the query, or null when dense search is not available (not
    /// configured, or vectors incomplete or of another model).
    /// </summary>
    public async Task<IReadOnlyList<VectorHit>?> SearchAsync(string query, int k, CancellationToken cancellationToken = default)
    {
        if ((await GetStatusAsync(cancellationToken).ConfigureAwait(false)).State != DenseState.Ready)
        {
            return null;
        }

        AdaptiveVectorIndex? current = Volatile.Read(ref _index);
        if (current is null)
        {
            return null;
        }

        IEmbeddingGenerator<string, Embedding<float>> model = await GetGeneratorAsync(cancellationToken).ConfigureAwait(false);
        ReadOnlyMemory<float> vector = await model.EmbedQueryAsync(query, cancellationToken).ConfigureAwait(false);
        return vector.Length == current.Space.Dimensions ? current.Search(vector.Span, k) : null;
    }

    /// <summary>
    /// Embeds every chunk of the store that has no vector of the configured model and drops vectors of deleted
    /// chunks, saving a checkpoint every few seconds so an interrupted run resumes where it stopped. When the stored
    /// vectors come from another model, the new ones are built in a separate folder and swapped in when complete
    /// (search stays keyword-only meanwhile). Documents are not re-parsed: the chunk text comes from the store.
    /// </summary>
    /// <exception cref="OperationCanceledException">Cancelled; what was embedded so far is saved.</exception>
    public async Task<VectorUpdateResult> UpdateAsync(IProgress<VectorUpdateProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        if (!Enabled)
        {
            return VectorUpdateResult.Disabled;
        }

        await _updateGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await EnsureLoadedAsync(cancellationToken).ConfigureAwait(false);
            IEmbeddingGenerator<string, Embedding<float>> model = await GetGeneratorAsync(cancellationToken).ConfigureAwait(false);
            var job = new VectorUpdateJob(_chunks, _files, _kbId, model, ModelId, Settings.EffectiveLanguages, progress) { Stored = _stored };
            VectorSpace? stored = await VectorIndexStore.ReadSpaceAsync(_folder, cancellationToken).ConfigureAwait(false);
            bool replace = stored is not null && Volatile.Read(ref _index) is null;
            AdaptiveVectorIndex? target = replace ? null : Volatile.Read(ref _index);
            VectorUpdateResult result = await job.RunAsync(replace ? _pendingFolder : _folder, target, (replaced, skippedChunks) =>
            {
                if (replace)
                {
                    SwapIn();
                }

                Volatile.Write(ref _skipped, skippedChunks.Ids);
                Volatile.Write(ref _index, replaced);
                _loaded = true;
            }, cancellationToken).ConfigureAwait(false);
            MarkChanged();
            return result with { Replaced = replace };
        }
        finally
        {
            _updateGate.Release();
        }
    }

    public void Dispose()
    {
        _index?.Dispose();
        _generator?.Dispose();
        _generatorGate.Dispose();
        _updateGate.Dispose();
        _loadGate.Dispose();
    }

    private async Task<DenseStatus> ComputeStatusAsync(CancellationToken cancellationToken)
    {
        if (!Enabled)
        {
            return new DenseStatus(DenseState.Disabled, "none", null, 0, 0);
        }

        await EnsureLoadedAsync(cancellationToken).ConfigureAwait(false);
        IReadOnlyList<long> ids = await _chunks.ListIdsAsync(_kbId, cancellationToken).ConfigureAwait(false);
        AdaptiveVectorIndex? current = Volatile.Read(ref _index);
        if (current is null)
        {
            VectorSpace? stored = await VectorIndexStore.ReadSpaceAsync(_folder, cancellationToken).ConfigureAwait(false);
            VectorSpace? pending = await ReadSpaceOrNullAsync(_pendingFolder, cancellationToken).ConfigureAwait(false);
            int done = pending?.ModelId == ModelId ? (await VectorIndexManifestCount(_pendingFolder, cancellationToken).ConfigureAwait(false)) : 0;
            return stored is null
                ? new DenseStatus(DenseState.Incomplete, ModelId, null, 0, ids.Count)
                : new DenseStatus(DenseState.ModelChanged, ModelId, stored.ModelId, done, ids.Count);
        }

        HashSet<long> notEmbedded = Volatile.Read(ref _skipped);
        int embedded = ids.Count(current.Contains);
        int covered = ids.Count(id => notEmbedded.Contains(id) || current.Contains(id));
        DenseState state = ids.Count > 0 && covered == ids.Count ? DenseState.Ready : DenseState.Incomplete;
        return new DenseStatus(state, ModelId, ModelId, embedded, ids.Count);
    }

    /// <summary>Loads the saved vectors when they come from the configured model; leaves none loaded otherwise.</summary>
    private async Task EnsureLoadedAsync(CancellationToken cancellationToken)
    {
        if (_loaded)
        {
            return;
        }

        await _loadGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_loaded)
            {
                await LoadAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _loadGate.Release();
        }
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        VectorSpace? stored = await VectorIndexStore.ReadSpaceAsync(_folder, cancellationToken).ConfigureAwait(false);
        if (stored is not null && stored.ModelId == ModelId && (Settings.Dimensions is null || Settings.Dimensions == stored.Dimensions))
        {
            var opened = await AdaptiveVectorIndex.OpenAsync(_folder, stored, new VectorIndexOptions { Files = _files }, cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref _skipped, SkippedChunks.Load(_folder, SkippedChunks.Key(Settings.EffectiveLanguages)).Ids);
            Interlocked.Exchange(ref _index, opened)?.Dispose();
        }
        else if (_stored is not null)
        {
            await LoadRecordedAsync(_stored, cancellationToken).ConfigureAwait(false);
        }

        _loaded = true;
    }

    /// <summary>A node without this model's vectors in its folder (a new node, a deleted folder) takes the ones the
    /// system of record has and saves them as its replica; chunks recorded as skipped stay skipped.</summary>
    private async Task LoadRecordedAsync(IVectorStore stored, CancellationToken cancellationToken)
    {
        string languages = SkippedChunks.Key(Settings.EffectiveLanguages);
        IReadOnlyList<StoredVector> recorded = await stored.ReadAsync(_kbId, ModelId, languages, null, cancellationToken).ConfigureAwait(false);
        List<StoredVector> vectors = recorded.Where(v => !v.Skipped).ToList();
        // Only skipped chunks recorded: the model's dimension is not known until one is embedded, so nothing to load.
        if (vectors.Count == 0 || Settings.Dimensions is { } d && vectors[0].Vector!.Value.Length != d)
        {
            return;
        }

        var skipped = SkippedChunks.Of(languages, recorded.Where(v => v.Skipped).Select(v => v.ChunkId));
        var index = new AdaptiveVectorIndex(new VectorSpace(ModelId, vectors[0].Vector!.Value.Length), new VectorIndexOptions { Files = _files });
        index.Upsert(vectors.Select(v => v.ChunkId).ToList(), vectors.Select(v => v.Vector!.Value).ToList());

        // This model's replica replaces whatever the folder held (another model's vectors, a damaged copy).
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }

        skipped.Save(_folder);
        await index.SaveAsync(_folder, cancellationToken).ConfigureAwait(false);
        Volatile.Write(ref _skipped, skipped.Ids);
        Interlocked.Exchange(ref _index, index)?.Dispose();
    }

    private async Task<IEmbeddingGenerator<string, Embedding<float>>> GetGeneratorAsync(CancellationToken cancellationToken)
    {
        if (_generator is not null)
        {
            return _generator;
        }

        await _generatorGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return _generator ??= _createGenerator(Settings);
        }
        finally
        {
            _generatorGate.Release();
        }
    }

    /// <summary>Replaces the previous model's folder with the completed new one.</summary>
    private void SwapIn()
    {
        string old = _folder + ".old";
        if (Directory.Exists(old))
        {
            Directory.Delete(old, recursive: true);
        }

        if (Directory.Exists(_folder))
        {
            Directory.Move(_folder, old);
        }

        Directory.Move(_pendingFolder, _folder);
        if (Directory.Exists(old))
        {
            Directory.Delete(old, recursive: true);
        }
    }

    private static async Task<VectorSpace?> ReadSpaceOrNullAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            return await VectorIndexStore.ReadSpaceAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (ZhikuException ex) when (ex.Kind == ErrorKind.InvalidInput)
        {
            return null;
        }
    }

    private static async Task<int> VectorIndexManifestCount(string path, CancellationToken cancellationToken) =>
        (await VectorIndexManifest.ReadAsync(path, cancellationToken).ConfigureAwait(false))?.Count ?? 0;
}
