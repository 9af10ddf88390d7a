using System.Collections.Concurrent;
using Zhiku.Core.Storage;

namespace Zhiku.Server.Services;

/// <summary>Opens each knowledge base once per process and keeps it open until it is deleted or the server stops.</summary>
public sealed class KnowledgeBaseRegistry(ServerStore store) : IDisposable
{
    private readonly ConcurrentDictionary<long, Lazy<Task<KnowledgeBaseHandle>>> _open = new();

    // The handles whose open finished: what Dispose closes.
    private readonly ConcurrentDictionary<long, KnowledgeBaseHandle> _opened = new();

    /// <summary>The open handle of a knowledge base (opened, and its index repaired, on first use). The open is shared
    /// by every request that needs it meanwhile, so it runs to the end whoever gives up: a cancelled caller stops
    /// waiting, not the open. An open that failed is forgotten, and the next caller tries again.</summary>
    /// <exception cref="Core.ZhikuException">The knowledge base cannot be opened (as <see cref="Core.ZhikuStore.OpenKnowledgeBaseAsync"/>).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled while waiting.</exception>
    public async Task<KnowledgeBaseHandle> GetAsync(KnowledgeBaseInfo info, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(info);
        Lazy<Task<KnowledgeBaseHandle>> opening = _open.GetOrAdd(info.Id, _ => new Lazy<Task<KnowledgeBaseHandle>>(() => OpenAsync(info)));
        try
        {
            return await opening.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (opening.Value.IsFaulted || opening.Value.IsCanceled)
        {
            _open.TryRemove(new KeyValuePair<long, Lazy<Task<KnowledgeBaseHandle>>>(info.Id, opening));
            throw;
        }
    }

    private async Task<KnowledgeBaseHandle> OpenAsync(KnowledgeBaseInfo info)
    {
        var handle = new KnowledgeBaseHandle(await store.Store.OpenKnowledgeBaseAsync(info.Name, cancellationToken: CancellationToken.None).ConfigureAwait(false));
        _opened[info.Id] = handle;
        return handle;
    }

    /// <summary>Deletes a knowledge base: waits for its running write, closes its index, then removes it from the store.</summary>
    public async Task DeleteAsync(KnowledgeBaseInfo info, CancellationToken cancellationToken = default)
    {
        KnowledgeBaseHandle handle = await GetAsync(info, cancellationToken).ConfigureAwait(false);
        await handle.WriteLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            handle.Deleted = true;
            _open.TryRemove(info.Id, out _);
            _opened.TryRemove(info.Id, out _);
            handle.Dispose();
            // The index is closed and the handle gone: the delete runs to the end whatever the caller's token says,
            // as it did when it was synchronous.
            await store.Store.DeleteKnowledgeBaseAsync(handle.KnowledgeBase.Info.Name, CancellationToken.None).ConfigureAwait(false);
            await store.Originals.DeleteFolderAsync(Zhiku.Core.Storage.OriginalKeys.Folder(info.Id), CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            handle.WriteLock.Release();
        }
    }

    public void Dispose()
    {
        foreach (KnowledgeBaseHandle handle in _opened.Values)
        {
            handle.Dispose();
        }

        _opened.Clear();
        _open.Clear();
    }
}
