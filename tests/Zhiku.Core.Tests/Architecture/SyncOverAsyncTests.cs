using System.Text.RegularExpressions;

namespace Zhiku.Core.Tests.Architecture;

/// <summary>
/// No code under src/ blocks a thread on asynchronous work: no <c>.GetAwaiter().GetResult()</c>, no <c>.Wait()</c> /
/// <c>WaitAll</c> / <c>WaitAny</c> (on a task or a semaphore) and no <c>.Result</c> of a task. Every path awaits, with
/// the caller's token. The only exceptions are listed in <see cref="Allowed"/>, each with the reason it cannot await.
/// </summary>
public sealed partial class SyncOverAsyncTests
{
    /// <summary>File (relative to src/) and the exact blocking text it may hold, with why. Only the start of a process
    /// (before any request exists) may block, and a synchronous path that only looks asynchronous.</summary>
    private static readonly (string File, string Text, string Reason)[] Allowed =
    [
        ("Zhiku.Server/Services/ServerStore.cs", ".GetAwaiter().GetResult()",
            "the server's one store is opened (PostgreSQL: connect and migrate) when the pipeline resolves the singleton at start, before the host listens; DI constructs synchronously"),
        ("Zhiku.Core/Storage/Postgres/PostgresOriginalStream.cs", ".GetAwaiter().GetResult()",
            "Stream.Read of an original in PostgreSQL: LoadAsync(sync: true) makes only Npgsql's synchronous calls, so the task has completed when it is read; async reads await"),
    ];

    [Fact]
    public void Nothing_under_src_blocks_on_asynchronous_work()
    {
        string src = Path.Combine(RepositoryRoot(), "src");
        var found = new List<string>();
        foreach (string file in Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories))
        {
            string relative = Path.GetRelativePath(src, file).Replace('\\', '/');
            if (relative.Split('/').Any(part => part is "bin" or "obj"))
            {
                continue;
            }

            foreach (string hit in Blocking(File.ReadAllText(file)))
            {
                if (!Allowed.Any(a => a.File == relative && a.Text == hit))
                {
                    found.Add($"{relative}: {hit}");
                }
            }
        }

        Assert.True(found.Count == 0, "blocking on asynchronous work under src/ (await it with the caller's token):\n" + string.Join("\n", found));
    }

    [Fact]
    public void The_check_sees_each_way_of_blocking_and_ignores_comments_strings_and_non_task_results()
    {
        // A test of the test: if the patterns went blind, the check above would pass for nothing.
        Assert.Single(Blocking("x.RepairAsync().GetAwaiter().GetResult();"));
        Assert.Single(Blocking("task.Wait();"));
        Assert.Single(Blocking("_gate.Wait(TimeSpan.FromSeconds(1));"));
        Assert.Single(Blocking("Task.WaitAll(a, b);"));
        Assert.Single(Blocking("var r = store.FindAsync(name).Result;"));
        Assert.Single(Blocking("var r = openTask.Result;"));
        Assert.Empty(Blocking("// .GetAwaiter().GetResult() in a comment\nint a = 1;"));
        Assert.Empty(Blocking("/* task.Wait() */ string s = \"x.Wait()\";"));
        Assert.Empty(Blocking("return response.Result ?? throw Missing();"));
        Assert.Empty(Blocking("UploadReceiver.Result received = await receiver.ReceiveAsync(ct);"));
        Assert.Empty(Blocking("if (_gate.Wait(0)) { }"));
    }

    /// <summary>The blocking calls in a C# text, comments and string literals removed first. <c>Wait(0)</c> only tries
    /// a semaphore and never blocks.</summary>
    private static IEnumerable<string> Blocking(string code)
    {
        string stripped = Comments().Replace(code, m => m.Value.StartsWith('"') || m.Value.StartsWith('@') || m.Value.StartsWith('$') ? "\"\"" : " ");
        return BlockingCall().Matches(stripped).Select(m => m.Value);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Zhiku.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Zhiku.slnx not found above " + AppContext.BaseDirectory + ": run the tests from the repository");
    }

    // Block and line comments, and string literals (regular, verbatim, interpolated) so their text is not scanned.
    [GeneratedRegex(@"/\*.*?\*/|//[^\n]*|[@$]*""(?:[^""\\\n]|\\.|"""")*""", RegexOptions.Singleline)]
    private static partial Regex Comments();

    [GeneratedRegex(@"\.GetAwaiter\(\)\s*\.GetResult\(\)|\.Wait(?:All|Any)?\((?!0\))[^;]*?\)|(?:\)|\b\w*[Tt]ask\w*)\.Result\b")]
    private static partial Regex BlockingCall();
}
