using System.Security.Cryptography;
using System.Text;

namespace Zhiku.Server;

/// <summary>
/// Server settings, bound from the "Zhiku" configuration section (appsettings, environment variables
/// <c>Zhiku__Store</c>…, or the <c>zhiku serve</c> options). Defaults live here.
/// </summary>
public sealed class ServerOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Zhiku";

    /// <summary>Store folder; empty means $ZHIKU_HOME, else ~/.zhiku.</summary>
    public string Store { get; set; } = "";

    /// <summary>PostgreSQL as the system of record (a connection string or a postgresql:// URL); empty means
    /// $ZHIKU_DATABASE_URL, else the embedded store in <see cref="Store"/>.</summary>
    public string Database { get; set; } = "";

    /// <summary>Largest accepted uploaded file; larger ones are refused with 413 naming the file.</summary>
    public long MaxFileBytes { get; set; } = 200L * 1024 * 1024;

    /// <summary>Largest multipart upload request (all files together).</summary>
    public long MaxUploadBytes { get; set; } = 1024L * 1024 * 1024;

    /// <summary>Largest JSON request body.</summary>
    public long MaxJsonBytes { get; set; } = 1024 * 1024;

    /// <summary>Most files in one upload request.</summary>
    public int MaxFilesPerUpload { get; set; } = 1000;

    /// <summary>Requests per minute per API key or user (per client address when signed out); 0 turns limiting off.</summary>
    public int RateLimitPerMinute { get; set; } = 600;

    /// <summary>Capacity of the ingestion job queue; uploads wait when it is full.</summary>
    public int JobQueueCapacity { get; set; } = 256;

    /// <summary>Origins allowed to call the API from a browser; empty (the default) means CORS is off.</summary>
    public string[] CorsOrigins { get; set; } = [];

    /// <summary>The zhiku binary (apphost or zhiku.dll) that parses uploaded files in a worker process; empty finds
    /// it (this process under <c>zhiku serve</c>, else zhiku.dll beside the server, else $ZHIKU_PARSER_WORKER).</summary>
    public string ParserWorker { get; set; } = "";

    /// <summary>Wall time the parser worker may spend on one file before it is stopped and the file fails.</summary>
    public TimeSpan ParseTimeLimit { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>CPU time the parser worker may spend on one file (OCR of a scan uses every core).</summary>
    public TimeSpan ParseCpuLimit { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Memory (MB) the parser worker may use: its managed heap limit, and two thirds of the resident limit.</summary>
    public int ParseMemoryMb { get; set; } = 1536;

    /// <summary>How long a web sign-in lasts without activity.</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>How long a node's lease on an ingestion job lasts without a heartbeat (renewed every third of it).
    /// Another node sharing the database takes over a job whose lease ran out: its node was killed or cut off.</summary>
    public TimeSpan JobLeaseTimeout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>This server's name on job leases; empty means the machine name and a hash of the store folder, which
    /// stays the same across restarts (so a restarted node frees its own leases at once) and differs between nodes
    /// with their own folders. Two running servers must never share one.</summary>
    public string NodeId { get; set; } = "";

    /// <summary><see cref="NodeId"/>, else the machine name and a hash of the store folder.</summary>
    public string ResolveNodeId()
    {
        if (!string.IsNullOrWhiteSpace(NodeId))
        {
            return NodeId.Trim();
        }

        string folder = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(ResolveStore())))[..12];
        return $"{Environment.MachineName}:{folder}";
    }

    /// <summary>The database to open: <see cref="Database"/>, else ZHIKU_DATABASE_URL, else null (the embedded store).</summary>
    /// <exception cref="Zhiku.Core.ZhikuException">The value is neither a connection string nor a URL (naming the key, never the password).</exception>
    public Zhiku.Core.Storage.Postgres.DatabaseUrl? ResolveDatabase() => !string.IsNullOrWhiteSpace(Database)
        ? Zhiku.Core.Storage.Postgres.DatabaseUrl.Parse(Database, Section + ":" + nameof(Database))
        : Zhiku.Core.Storage.Postgres.DatabaseUrl.FromEnvironment();

    /// <summary>The store folder to open: <see cref="Store"/>, else ZHIKU_HOME, else ~/.zhiku.</summary>
    public string ResolveStore()
    {
        if (!string.IsNullOrWhiteSpace(Store))
        {
            return Path.GetFullPath(Store);
        }

        string? home = Environment.GetEnvironmentVariable("ZHIKU_HOME");
        return !string.IsNullOrWhiteSpace(home)
            ? Path.GetFullPath(home)
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".zhiku");
    }
}
