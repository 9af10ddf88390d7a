using System.Collections.Concurrent;
using Zhiku.Core.Storage;

namespace Zhiku.Server.Services;

/// <summary>Opens each knowledge base once per process and keeps it open until it is deleted or the server stops.</summary>
public sealed class KnowledgeBaseRegistry(ServerStore store) : IDisposable
{
    private readonly ConcurrentDictionary<long, Lazy<KnowledgeBaseHandle>> _open = new();

    /// <summary>The open handle of a knowledge base (opened, and its index repaired, on first use).</summary>
    public KnowledgeBaseHandle Get(KnowledgeBaseInfo info) =>
        _open.GetOrAdd(info.Id, _ => new Lazy<KnowledgeBaseHandle>(() => new KnowledgeBaseHandle(store.Store.OpenKnowledgeBase(info.Name)))).Value;

    /// <summary>Deletes a knowledge base: waits for its running write, closes its index, then removes it from the store.</summary>
    public async Task DeleteAsync(KnowledgeBaseInfo info, CancellationToken cancellationToken = default)
    {
        KnowledgeBaseHandle handle = Get(info);
        await handle.WriteLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            handle.Deleted = true;
            _open.TryRemove(info.Id, out _);
            handle.Dispose();
            // The index is closed and the handle gone: the delete runs to the end whatever the caller's token says,
            // as it did when it was synchronous.
            await store.Store.DeleteKnowledgeBaseAsync(handle.KnowledgeBase.Info.Name, CancellationToken.None).ConfigureAwait(false);
            string files = store.FilesFolder(info.Id);
            if (Directory.Exists(files))
            {
                Directory.Delete(files, recursive: true);
            }
        }
        finally
        {
            handle.WriteLock.Release();
        }
    }

    public void Dispose()
    {
        foreach (Lazy<KnowledgeBaseHandle> handle in _open.Values.Where(h => h.IsValueCreated))
        {
            handle.Value.Dispose();
        }

        _open.Clear();
    }
}
