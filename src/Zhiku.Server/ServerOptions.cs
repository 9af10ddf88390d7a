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

    /// <summary>How long a web sign-in lasts without activity.</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(12);

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
