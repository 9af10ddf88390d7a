using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Zhiku.Core.Access;
using Zhiku.Server.Services;

namespace Zhiku.Server.Tests;

/// <summary>The real server in memory (WebApplicationFactory) over a real temp store; settings per test.</summary>
public sealed class ServerFactory : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _services;

    /// <param name="store">The store folder; a new temp folder (deleted with the factory) when null.</param>
    /// <param name="settings">Host settings (e.g. <c>Zhiku:MaxUploadMb</c>).</param>
    /// <param name="services">Replaces services after the server registered its own (e.g. a counting model client factory).</param>
    public ServerFactory(string? store = null, Dictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        this._services = services;
        Store = store ?? Path.Combine(Path.GetTempPath(), "zhiku-server-test-" + Guid.NewGuid().ToString("N"));
        OwnsStore = store is null;
        Directory.CreateDirectory(Store);
        this._settings = settings ?? [];
    }

    public string Store { get; }

    private bool OwnsStore { get; }

    public ServerStore ServerStore => Services.GetRequiredService<ServerStore>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseContentRoot(Store);
        builder.UseSetting("Zhiku:Store", Store);
        foreach ((string key, string? value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        if (_services is not null)
        {
            builder.ConfigureTestServices(_services);
        }
    }

    /// <summary>Creates a user directly in the store and returns their API key.</summary>
    public async Task<string> AddUserAsync(string name, string role, params string[] groups)
    {
        UserInfo user = await ServerStore.Users.CreateAsync(name, role, groups);
        return await ServerStore.Users.IssueKeyAsync(user.Id, revokeOthers: false);
    }

    /// <summary>A client sending <c>Authorization: Bearer KEY</c> (none when <paramref name="key"/> is null).</summary>
    public HttpClient Client(string? key)
    {
        HttpClient client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return client;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && OwnsStore)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(Store, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
