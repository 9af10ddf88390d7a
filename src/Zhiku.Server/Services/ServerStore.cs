using Microsoft.Extensions.Options;
using Zhiku.Core;
using Zhiku.Core.Storage;

namespace Zhiku.Server.Services;

/// <summary>The open store and its server-side tables (users, access, jobs, chats): one per process.</summary>
public sealed class ServerStore
{
    public ServerStore(IOptions<ServerOptions> options)
    {
        Options = options.Value;
        Store = ZhikuStore.Open(Options.ResolveStore());
        Users = new UserStore(Store.Metadata);
        Access = new KnowledgeBaseAccessStore(Store.Metadata);
        Jobs = new JobStore(Store.Metadata);
        Chats = new ChatStore(Store.Metadata);
        Quarantine = new QuarantineStore(Store.Metadata);
    }

    public ServerOptions Options { get; }

    public ZhikuStore Store { get; }

    public MetadataStore Metadata => Store.Metadata;

    public UserStore Users { get; }

    public KnowledgeBaseAccessStore Access { get; }

    public JobStore Jobs { get; }

    public ChatStore Chats { get; }

    /// <summary>Files whose parsing killed the parser worker; quarantined ones are not parsed again automatically.</summary>
    public QuarantineStore Quarantine { get; }

    /// <summary>Where uploads are streamed before their job runs.</summary>
    public string StagingFolder => Path.Combine(Store.Layout.Root, "uploads", "staging");

    /// <summary>Where the originals of a knowledge base's uploaded documents live.</summary>
    public string FilesFolder(long kbId) => Path.Combine(Store.Layout.Root, "files", kbId.ToString(System.Globalization.CultureInfo.InvariantCulture));
}
