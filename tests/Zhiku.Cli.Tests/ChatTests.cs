using System.Diagnostics;
using System.Text;

namespace Zhiku.Cli.Tests;

/// <summary>`zhiku chat` driven through standard input, with no model (extractive, key terms carried), and at a
/// terminal (a pseudo-terminal from util-linux `script`) with editline's cursor keys and history.</summary>
public sealed class ChatTests : IClassFixture<IngestedSamples>
{
    private readonly IngestedSamples _samples;

    public ChatTests(IngestedSamples samples)
    {
        this._samples = samples;
    }

    [Fact]
    public async Task FollowUpQuestionsCarryThePreviousKeyTermsAndCommandsWork()
    {
        using Process process = _samples.Cli.Start("chat");
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteLineAsync("年假怎么申请？");
        await process.StandardInput.WriteLineAsync("那试用期呢？");
        await process.StandardInput.WriteLineAsync("/sources");
        await process.StandardInput.WriteLineAsync("/kb no-such-kb");
        await process.StandardInput.WriteLineAsync("/reset");
        await process.StandardInput.WriteLineAsync("/exit");
        process.StandardInput.Close();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));

        string output = await stdout;
        Assert.Equal(0, process.ExitCode);
        Assert.Contains("检索", output); // the follow-up was rewritten into a standalone query
        Assert.Contains("试用期员工不享受带薪年假", output);
        Assert.Contains("[1]", output);
        Assert.Contains("history cleared", output);
        Assert.Contains("no-such-kb", await stderr);
    }

    [Fact]
    public async Task AtATerminalLinesAreEditedWithCursorKeysAndUpRecallsTheLastLine()
    {
        using var terminal = new PseudoTerminal(_samples.Cli, "chat");
        await terminal.WaitForAsync("> ", 1);

        // "/rset", three steps left, insert "e", Enter → "/reset".
        await terminal.TypeAsync("/rset\u001b[D\u001b[D\u001b[De\r");
        await terminal.WaitForAsync("history cleared", 1);
        await terminal.WaitForAsync("> ", 3);

        // ↑ recalls "/reset"; Ctrl+A goes to the start, Ctrl+D deletes under the cursor ("x/reset" → "/reset").
        await terminal.TypeAsync("\u001b[A\r");
        await terminal.WaitForAsync("history cleared", 2);
        await terminal.WaitForAsync("> ", 4);
        await terminal.TypeAsync("x/reset\u0001\u0004\r");
        await terminal.WaitForAsync("history cleared", 3);
        await terminal.WaitForAsync("> ", 5);

        // Chinese text is edited by characters: "年假怎么申请？X", Backspace → the question is answered.
        await terminal.TypeAsync("年假怎么申请？X\u007f\r");
        await terminal.WaitForAsync("[1]", 1);
        await terminal.WaitForAsync("> ", 6);

        // Ctrl+D on an empty line leaves the chat.
        await terminal.TypeAsync("\u0004");
        int exitCode = await terminal.ExitCodeAsync();

        string screen = terminal.Output;
        Assert.Equal(0, exitCode);
        Assert.DoesNotContain("commands:", screen); // no line reached the chat with the raw keys in it
        Assert.DoesNotContain("Unhandled exception", screen);
    }

    /// <summary>The CLI under `script`, so its standard input and output are a terminal; output is collected as it comes.</summary>
    private sealed class PseudoTerminal : IDisposable
    {
        private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);
        private readonly Process _process;
        private readonly StringBuilder _output = new();
        private readonly Task _reader;

        public PseudoTerminal(CliRunner cli, params string[] args)
        {
            string command = "exec dotnet " + Quote(Path.Combine(AppContext.BaseDirectory, "zhiku.dll")) + " " +
                string.Join(' ', args.Select(Quote));
            var info = new ProcessStartInfo("script")
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                StandardOutputEncoding = Encoding.UTF8,
                UseShellExecute = false,
            };
            foreach (string arg in new[] { "--quiet", "--flush", "--return", "--command", command, "/dev/null" })
            {
                info.ArgumentList.Add(arg);
            }

            info.Environment["ZHIKU_HOME"] = cli.Store;
            info.Environment["TERM"] = "xterm";
            info.Environment["LANG"] = "C.UTF-8";
            foreach (string name in new[] { "ZHIKU_LLM_BASE_URL", "ZHIKU_LLM_MODEL", "ZHIKU_LLM_API_KEY", "ZHIKU_LLM_LOCAL", "ZHIKU_KEY", "ZHIKU_KEY_FILE" })
            {
                info.Environment.Remove(name);
            }

            _process = Process.Start(info) ?? throw new InvalidOperationException("script (util-linux) did not start");
            _reader = Task.Run(async () =>
            {
                var buffer = new char[4096];
                int read;
                while ((read = await _process.StandardOutput.ReadAsync(buffer)) > 0)
                {
                    lock (_output)
                    {
                        _output.Append(buffer, 0, read);
                    }
                }
            });
        }

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

        public async Task TypeAsync(string keys)
        {
            await _process.StandardInput.WriteAsync(keys);
            await _process.StandardInput.FlushAsync();
        }

        /// <summary>Waits until <paramref name="text"/> has appeared <paramref name="times"/> times.</summary>
        public async Task WaitForAsync(string text, int times)
        {
            var clock = Stopwatch.StartNew();
            while (Count(Output, text) < times)
            {
                if (clock.Elapsed > Patience || _process.HasExited && _reader.IsCompleted && Count(Output, text) < times)
                {
                    throw new TimeoutException($"waited for '{text}' ×{times}; the terminal showed:\n{Output}");
                }

                await Task.Delay(50);
            }
        }

        public async Task<int> ExitCodeAsync()
        {
            await _process.WaitForExitAsync().WaitAsync(Patience);
            await _reader.WaitAsync(Patience);
            return _process.ExitCode;
        }

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            _process.Dispose();
        }

        private static int Count(string haystack, string needle)
        {
            int count = 0;
            for (int at = haystack.IndexOf(needle, StringComparison.Ordinal); at >= 0; at = haystack.IndexOf(needle, at + needle.Length, StringComparison.Ordinal))
            {
                count++;
            }

            return count;
        }

        private static string Quote(string arg) => "'" + arg.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
    }
}
