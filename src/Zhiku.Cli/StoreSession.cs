using System.CommandLine;
using Zhiku.Core;
using Zhiku.Core.Security;
using Zhiku.Core.Storage.Postgres;

namespace Zhiku.Cli;

/// <summary>Opens the store a command names (--store, $ZHIKU_HOME, ~/.zhiku; --database, $ZHIKU_DATABASE_URL) and the knowledge base (--kb). A --kb
/// that does not exist is an error on every command (a typo must not create a new cloud knowledge base); only
/// `default` is created on first use. Knowledge bases are created by `zhiku kb create NAME --policy …`. Core's errors
/// name the folder or the knowledge base; this is where the flag that gave them and the command that fixes them are
/// added.</summary>
internal static class StoreSession
{
    /// <summary>Opens the store --store names over the system of record --database (or ZHIKU_DATABASE_URL) names: PostgreSQL,
    /// or the embedded store in the folder. A bad folder names --store or ZHIKU_HOME; a bad URL, an unreachable server or
    /// a schema newer than this Zhiku names --database or ZHIKU_DATABASE_URL.</summary>
    public static async Task<ZhikuStore> OpenStoreAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        string root = CliOptions.ResolveStore(parseResult);
        DatabaseUrl? database = CliOptions.ResolveDatabase(parseResult);
        try
        {
            return await ZhikuStore.OpenAsync(root, database, EncryptionKey.FromEnvironment(), cancellationToken).ConfigureAwait(false);
        }
        catch (ZhikuException ex) when (ex.Kind == ErrorKind.InvalidInput && ex.Subject == root)
        {
            string source = parseResult.GetValue(CliOptions.Store) is not null ? "--store" : "ZHIKU_HOME";
            throw Flagged(source, ex);
        }
        catch (ZhikuException ex) when (database is not null && (ex.Kind == ErrorKind.Unavailable || ex.Subject == database.Subject)
            && !ex.Message.StartsWith(database.Subject, StringComparison.Ordinal))
        {
            throw Flagged(database.Subject, ex);
        }
    }

    public static async Task<KnowledgeBase> OpenKnowledgeBaseAsync(ParseResult parseResult, Option<string> kbOption, CancellationToken cancellationToken) =>
        await OpenKnowledgeBaseAsync(await OpenStoreAsync(parseResult, cancellationToken).ConfigureAwait(false),
            parseResult.GetValue(kbOption) ?? ZhikuStore.DefaultKnowledgeBase, cancellationToken).ConfigureAwait(false);

    /// <summary>Opens the knowledge base --kb named; one that does not exist is an error naming the flag and the
    /// command that creates it.</summary>
    public static async Task<KnowledgeBase> OpenKnowledgeBaseAsync(ZhikuStore store, string name, CancellationToken cancellationToken)
    {
        try
        {
            return await store.OpenKnowledgeBaseAsync(name, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (ZhikuException ex) when (ex.Kind == ErrorKind.NotFound && ex.Subject == name)
        {
            throw UnknownKnowledgeBase(name, ex);
        }
    }

    /// <summary>Checks that the knowledge base --kb named exists, with the same error as <see cref="OpenKnowledgeBaseAsync(ZhikuStore, string, CancellationToken)"/>.</summary>
    public static async Task EnsureKnowledgeBaseExistsAsync(ZhikuStore store, string name, CancellationToken cancellationToken)
    {
        try
        {
            await store.EnsureKnowledgeBaseExistsAsync(name, cancellationToken).ConfigureAwait(false);
        }
        catch (ZhikuException ex) when (ex.Kind == ErrorKind.NotFound && ex.Subject == name)
        {
            throw UnknownKnowledgeBase(name, ex);
        }
    }

    /// <summary>The same error with the flag that caused it in front (`--top: …`).</summary>
    public static ZhikuException Flagged(string flag, ZhikuException ex) => new(ex.Kind, $"{flag}: {ex.Message}", ex.Subject, ex);

    private static ZhikuException UnknownKnowledgeBase(string name, ZhikuException ex) => new(ErrorKind.NotFound,
        $"--kb: unknown knowledge base '{name}', nothing was created; create it with `zhiku kb create {name} --policy cloud|local-only|forbidden` " +
        $"or list them with `zhiku kb list` / 知识库 '{name}' 不存在，未创建任何内容；请先用 `zhiku kb create {name} --policy …` 创建",
        name, ex);
}
