using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Zhiku.Server.Tests.Nodes;

/// <summary>A server node as a real process on 127.0.0.1 (a free port) with its own temp folder, on a shared PostgreSQL
/// database; <see cref="Kill"/> ends it with SIGKILL (no shutdown, no lease released).</summary>
public sealed class NodeProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private NodeProcess(string store, int port, Process process)
    {
        Store = store;
        BaseUrl = $"http://127.0.0.1:{port}";
        _process = process;
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

    public static async Task<NodeProcess> StartAsync(string database, string nodeId, TimeSpan lease)
    {
        string store = Path.Combine(Path.GetTempPath(), "zhiku-node-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(store);
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
        info.ArgumentList.Add($"--Zhiku:Database={database}");
        info.ArgumentList.Add($"--Zhiku:NodeId={nodeId}");
        info.ArgumentList.Add($"--Zhiku:JobLeaseTimeout={lease}");
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment.Remove("ZHIKU_DATABASE_URL");
        var node = new NodeProcess(store, port, Process.Start(info)!);
        node._process.OutputDataReceived += (_, e) => node.Append(e.Data);
        node._process.ErrorDataReceived += (_, e) => node.Append(e.Data);
        node._process.BeginOutputReadLine();
        node._process.BeginErrorReadLine();
        await node.WaitHealthyAsync();
        return node;
    }

    /// <summary>A client of this node sending <c>Authorization: Bearer KEY</c>.</summary>
    public HttpClient Client(string key)
    {
        var client = new HttpClient { BaseAddress = new Uri(BaseUrl), Timeout = TimeSpan.FromMinutes(2) };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    /// <summary>SIGKILL: the process ends at once, mid-request and mid-file.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit(10_000);
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
        for (int i = 0; i < 600; i++)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException("the node exited: " + Output);
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

        throw new TimeoutException("the node did not answer /healthz: " + Output);
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
