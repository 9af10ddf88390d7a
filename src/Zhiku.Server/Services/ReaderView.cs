using System.Collections.Concurrent;
using Zhiku.Core.Answering;
using Zhiku.Core.Answering.Json;

namespace Zhiku.Server.Services;

/// <summary>
/// What the server's outputs say about documents. Ids are the public ones (<see cref="PublicIds"/>) for everyone.
/// A document's <c>source</c>: admins see the path on the server; everyone else sees the document's name relative to
/// where it was ingested from (an uploaded file's own name, or its path relative to the folder the knowledge base's
/// files were ingested from), never the server's absolute paths or internal ids.
/// </summary>
public static class ReaderView
{
    private static readonly TimeSpan Fresh = TimeSpan.FromSeconds(30);
    private static readonly ConcurrentDictionary<(string Root, long KbId), (DateTimeOffset At, string? Folder)> Folders = new();

    /// <summary>The source as <paramref name="access"/>'s user may see it.</summary>
    public static string? Shown(KbAccess access, string? source)
    {
        if (source is null || access.User.IsAdmin)
        {
            return source;
        }

        string root = access.KnowledgeBase.Store.Layout.Root;
        string uploads = ServerStore.FilesSourcePrefixOf(access.KnowledgeBase.Store.Originals, access.Info.Id);
        if (source.StartsWith(uploads, StringComparison.Ordinal))
        {
            return Path.GetFileName(source);
        }

        string? folder = Folder(access, root, uploads);
        return folder is not null && source.StartsWith(folder, StringComparison.Ordinal) && source.Length > folder.Length
            ? source[folder.Length..].Replace(Path.DirectorySeparatorChar, '/')
            : Path.GetFileName(source);
    }

    /// <summary>The ask JSON with public ids and each source as the caller may see it.</summary>
    public static AskResponseJson Shown(PublicIds ids, KbAccess access, AskResponseJson answer) => answer with
    {
        Citations = answer.Citations.Select(c => c with
        {
            DocId = ids.Document(access.Info.Id, c.DocId),
            ChunkId = ids.Chunk(access.Info.Id, c.ChunkId),
            Source = Shown(access, c.Source),
        }).ToList(),
        Closest = answer.Closest.Select(d => d with { DocId = ids.Document(access.Info.Id, d.DocId), Source = Shown(access, d.Source) }).ToList(),
    };

    /// <summary>The ask JSON of an answer, as the caller may see it.</summary>
    public static AskResponseJson Ask(PublicIds ids, KbAccess access, Answer answer) => Shown(ids, access, AnswerJson.Ask(answer));

    /// <summary>The search JSON of results, with public ids and each source as the caller may see it.</summary>
    public static SearchResponseJson Search(PublicIds ids, KbAccess access, IReadOnlyList<Zhiku.Core.Indexing.SearchResult> results) =>
        new(AnswerJson.Search(results).Results.Select(r => r with
        {
            DocId = ids.Document(access.Info.Id, r.DocId),
            ChunkId = ids.Chunk(access.Info.Id, r.ChunkId),
            Source = Shown(access, r.Source),
        }).ToList());

    private static string? Folder(KbAccess access, string root, string uploads)
    {
        DateTimeOffset now = DateTimeOffset.UtcNow;
        if (Folders.TryGetValue((root, access.Info.Id), out var known) && now - known.At < Fresh)
        {
            return known.Folder;
        }

        string? folder = access.KnowledgeBase.Store.Metadata.CommonSourceFolder(access.Info.Id, uploads);
        Folders[(root, access.Info.Id)] = (now, folder);
        return folder;
    }
}
