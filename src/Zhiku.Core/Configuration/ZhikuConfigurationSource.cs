namespace Zhiku.Core.Configuration;

/// <summary>
/// The one source of a store's configuration for the life of a process: <c>zhiku.json</c> is read and validated on
/// first use and read again only when the file changes (its write time or length differs; a cheap stat, no read per
/// request). The <c>ZHIKU_LLM_*</c> variables are read on every <see cref="Current"/> (no I/O).
/// Thread-safe.
/// </summary>
public sealed class ZhikuConfigurationSource
{
    private readonly string? _path;
    private readonly Func<string, string?> _environment;
    private readonly Lock _gate = new();
    private (bool Exists, DateTime WrittenUtc, long Length)? _stamp;
    private ZhikuConfiguration? _file;
    private int _loadCount;

    /// <param name="path">The <c>zhiku.json</c> path; null means the environment only.</param>
    /// <param name="environment">Reads an environment variable; defaults to the process environment.</param>
    public ZhikuConfigurationSource(string? path, Func<string, string?>? environment = null)
    {
        this._path = path;
        this._environment = environment ?? Environment.GetEnvironmentVariable;
    }

    /// <summary>How many times <c>zhiku.json</c> was read and validated (once per change of the file).</summary>
    public int LoadCount => Volatile.Read(ref _loadCount);

    /// <summary>The whole configuration: <c>zhiku.json</c> and the <c>ZHIKU_LLM_*</c> provider.</summary>
    /// <exception cref="ZhikuException">zhiku.json or a ZHIKU_LLM_* variable is invalid; the message names the key and the fix.</exception>
    public ZhikuConfiguration Current
    {
        get
        {
            LlmProviderSettings? fromEnvironment = ZhikuConfigurationLoader.ReadEnvironment(_environment);
            return FromFile with { EnvironmentProvider = fromEnvironment };
        }
    }

    /// <summary>
    /// <c>zhiku.json</c> alone, without the <c>ZHIKU_LLM_*</c> provider: what search and ingestion use, so a half-set
    /// model variable does not break them.
    /// </summary>
    /// <exception cref="ZhikuException">zhiku.json is invalid; the message names the key and the fix.</exception>
    public ZhikuConfiguration FromFile
    {
        get
        {
            var now = Stamp();
            lock (_gate)
            {
                if (_file is null || _stamp != now)
                {
                    // A failed read leaves the previous state, so the next call reports the error again.
                    _file = ZhikuConfigurationLoader.LoadFile(_path, _environment);
                    _stamp = now;
                    _loadCount++;
                }

                return _file;
            }
        }
    }

    private (bool Exists, DateTime WrittenUtc, long Length) Stamp()
    {
        if (_path is null)
        {
            return (false, default, 0);
        }

        var info = new FileInfo(_path);
        return info.Exists ? (true, info.LastWriteTimeUtc, info.Length) : (false, default, 0);
    }
}
