using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Zhiku.Core;
using Zhiku.Core.Access;
using Zhiku.Core.Storage;
using Zhiku.Core.Storage.Sqlite;
using Zhiku.Server.Auth;

namespace Zhiku.Server.Tests.Browser;

/// <summary>The server as a real process on 127.0.0.1 (a free port) over a temp store, with one admin who has a password.</summary>
public sealed class ServerProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ServerProcess(string store, int port, Process process)
    {
        Store = store;
        BaseUrl = $"http://127.0.0.1:{port}";
        this._process = process;
    }

    public string Store { get; }

    public string BaseUrl { get; }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <param name="user">The admin's name.</param>
    /// <param name="password">The admin's password.</param>
    /// <param name="configuration">zhiku.json for the store (e.g. a model on a loopback fake server), or null.</param>
    public static async Task<ServerProcess> StartAsync(string user, string password, string? configuration = null)
    {
        string store = Path.Combine(Path.GetTempPath(), "zhiku-browser-" + Guid.NewGuid().ToString("N"));
        ZhikuStore zhiku = ZhikuStore.Open(store);
        if (configuration is not null)
        {
            await File.WriteAllTextAsync(Path.Combine(store, "zhiku.json"), configuration);
        }

        IUserStore users = new SqliteUserStore(zhiku.Metadata);
        UserInfo admin = await users.CreateAsync(user, UserRole.Admin, []);
        await users.SetPasswordHashAsync(admin.Id, PasswordHashing.Hash(password));
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

        int port = FreePort();
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Zhiku.Server.dll"));
        info.ArgumentList.Add($"--urls=http://127.0.0.1:{port}");
        info.ArgumentList.Add($"--Zhiku:Store={store}");
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        var server = new ServerProcess(store, port, Process.Start(info)!);
        server._process.OutputDataReceived += (_, e) => server.Append(e.Data);
        server._process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        server._process.BeginOutputReadLine();
        server._process.BeginErrorReadLine();
        await server.WaitHealthyAsync();
        return server;
    }

    private void Append(string? line)
    {
        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private async Task WaitHealthyAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        for (int i = 0; i < 300; i++)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException("the server exited: " + Output);
            }

            try
            {
                if ((await http.GetAsync(BaseUrl + "/healthz")).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("the server did not answer /healthz: " + Output);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }

        _process.Dispose();
        try
        {
            Directory.Delete(Store, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
