using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Zhiku.Core.Documents;
using Zhiku.Core.Documents.Ocr;

namespace Zhiku.Core.Ingestion.Isolation;

/// <summary>One running parser worker: sends it files one at a time and watches its memory, CPU and wall time
/// while it parses, killing it at the first limit overrun.</summary>
internal sealed class ParserWorkerProcess : IDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);
    private const int StderrTailChars = 4096;

    private readonly Process _process;
    private readonly ParserWorkerLimits _limits;
    private readonly StringBuilder _stderrTail = new();
    private long _peakResident;

    private ParserWorkerProcess(Process process, ParserWorkerLimits limits)
    {
        this._process = process;
        this._limits = limits;
    }

    /// <summary>Whether the process is still running (it can take another file).</summary>
    public bool IsAlive
    {
        get
        {
            try
            {
                return !_process.HasExited;
            }
            catch (InvalidOperationException)
            {
                return false;
            }
        }
    }

    /// <summary>Starts a worker.</summary>
    /// <exception cref="ParserWorkerException">The program could not be started.</exception>
    public static ParserWorkerProcess Start(ParserWorkerCommand command, ParserWorkerLimits limits)
    {
        var info = new ProcessStartInfo(command.FileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (string argument in command.Arguments)
        {
            info.ArgumentList.Add(argument);
        }

        // The worker needs no secrets: keys and model credentials stay in the parent.
        foreach (string name in info.Environment.Keys.Where(k => k.StartsWith("ZHIKU_", StringComparison.OrdinalIgnoreCase)
            || k.StartsWith("OPENAI_", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            info.Environment.Remove(name);
        }

        info.Environment["DOTNET_GCHeapHardLimit"] = "0x" + limits.HeapBytes.ToString("X", CultureInfo.InvariantCulture);
        info.Environment["DOTNET_gcServer"] = "0";
        var process = new Process { StartInfo = info };
        var worker = new ParserWorkerProcess(process, limits);
        process.ErrorDataReceived += (_, e) => worker.KeepStderr(e.Data);
        try
        {
            process.Start();
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            process.Dispose();
            throw new ParserWorkerException(ParserWorkerFailure.Crashed,
                $"the parser process could not be started ({command.FileName}: {ex.Message}); set {ParserWorkerCommand.EnvironmentVariable} to the zhiku binary / 无法启动解析进程");
        }

        process.BeginErrorReadLine();
        return worker;
    }

    /// <summary>Parses one file in the worker.</summary>
    /// <exception cref="DocumentParseException">The worker read the file and found it bad.</exception>
    /// <exception cref="ParserWorkerException">The worker died or overran a limit; it is dead now.</exception>
    public async Task<DocumentReadResult> ParseAsync(byte[] bytes, string fileName, CancellationToken cancellationToken)
    {
        TimeSpan cpuAtStart = CpuTime();
        var clock = Stopwatch.StartNew();
        try
        {
            return await WatchAsync(bytes, fileName, clock, cpuAtStart, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            LastParse = new ParserWorkerStats(clock.Elapsed, CpuTime() - cpuAtStart, Math.Max(_peakResident, PeakFromProc()));
        }
    }

    /// <summary>The cost of the last file.</summary>
    public ParserWorkerStats? LastParse { get; private set; }

    private async Task<DocumentReadResult> WatchAsync(byte[] bytes, string fileName, Stopwatch clock, TimeSpan cpuAtStart, CancellationToken cancellationToken)
    {
        // On its own task: a pipe write can complete synchronously, and the watch must run from the first byte.
        Task<byte[]?> exchange = Task.Run(() => ExchangeAsync(bytes, fileName), CancellationToken.None);
        while (!exchange.IsCompleted)
        {
            await Task.WhenAny(exchange, Task.Delay(PollInterval, CancellationToken.None)).ConfigureAwait(false);
            if (exchange.IsCompleted)
            {
                break;
            }

            if (cancellationToken.IsCancellationRequested)
            {
                Kill();
                await Observe(exchange).ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
            }

            if (Overrun(clock.Elapsed, CpuTime() - cpuAtStart) is { } overrun)
            {
                Kill();
                await Observe(exchange).ConfigureAwait(false);
                throw new ParserWorkerException(overrun.Kind, $"{fileName}: {overrun.Message}");
            }
        }

        byte[]? answer;
        try
        {
            answer = await exchange.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or EndOfStreamException or InvalidDataException or ObjectDisposedException)
        {
            answer = null;
        }

        if (answer is null)
        {
            throw await DiedAsync(fileName).ConfigureAwait(false);
        }

        ParseResponse? response;
        try
        {
            response = JsonSerializer.Deserialize<ParseResponse>(answer, ParserWorkerProtocol.Json);
        }
        catch (JsonException)
        {
            response = null;
        }

        if (response is null || (response.Result is null && response.Error is null && response.Failure is null))
        {
            Kill();
            throw new ParserWorkerException(ParserWorkerFailure.ProtocolError,
                $"{fileName}: the parser process answered something unreadable; the file was not indexed / 解析进程返回了无法识别的结果，未导入");
        }

        if (response.Failure is { } failure)
        {
            Kill();
            throw new ParserWorkerException(failure, $"{fileName}: {Describe(failure)}");
        }

        return response.Result ?? throw (response.NeedsOcrModels
            ? new DocumentParseException(response.Error!, new OcrModelsException(response.Error!))
            : new DocumentParseException(response.Error!));
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    private async Task<byte[]?> ExchangeAsync(byte[] bytes, string fileName)
    {
        Stream input = _process.StandardInput.BaseStream;
        byte[] header = JsonSerializer.SerializeToUtf8Bytes(new ParseRequest(fileName, _limits.MaxFileBytes, _limits.Ocr), ParserWorkerProtocol.Json);
        await ParserWorkerProtocol.WriteFrameAsync(input, header, CancellationToken.None).ConfigureAwait(false);
        await ParserWorkerProtocol.WriteFrameAsync(input, bytes, CancellationToken.None).ConfigureAwait(false);
        await input.FlushAsync().ConfigureAwait(false);
        return await ParserWorkerProtocol.ReadFrameAsync(_process.StandardOutput.BaseStream, int.MaxValue, CancellationToken.None).ConfigureAwait(false);
    }

    private (ParserWorkerFailure Kind, string Message)? Overrun(TimeSpan elapsed, TimeSpan cpu)
    {
        if (elapsed > _limits.WallTime)
        {
            return (ParserWorkerFailure.WallTimeLimit, Describe(ParserWorkerFailure.WallTimeLimit));
        }

        if (cpu > _limits.CpuTime)
        {
            return (ParserWorkerFailure.CpuTimeLimit, Describe(ParserWorkerFailure.CpuTimeLimit));
        }

        long resident;
        try
        {
            _process.Refresh();
            resident = _process.WorkingSet64;
        }
        catch (InvalidOperationException)
        {
            return null;
        }

        _peakResident = Math.Max(_peakResident, resident);
        return resident > _limits.ResidentBytes ? (ParserWorkerFailure.MemoryLimit, Describe(ParserWorkerFailure.MemoryLimit)) : null;
    }

    private string Describe(ParserWorkerFailure failure) => failure switch
    {
        ParserWorkerFailure.MemoryLimit =>
            $"parsing needed more than the {_limits.ResidentBytes / 1048576} MB memory limit; the parser process was stopped and the file not indexed / 解析内存超过上限，已终止，未导入",
        ParserWorkerFailure.CpuTimeLimit =>
            $"parsing took more than the {_limits.CpuTime.TotalSeconds:0.#} s CPU time limit; the parser process was stopped and the file not indexed / 解析耗时超过上限，已终止，未导入",
        ParserWorkerFailure.WallTimeLimit =>
            $"parsing took longer than the {_limits.WallTime.TotalSeconds:0.#} s time limit; the parser process was stopped and the file not indexed / 解析超时，已终止，未导入",
        _ => "the parser process failed; the file was not indexed / 解析进程失败，未导入",
    };

    private async Task<ParserWorkerException> DiedAsync(string fileName)
    {
        using (var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
        {
            try
            {
                await _process.WaitForExitAsync(wait.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                Kill();
            }
        }

        string cause;
        lock (_stderrTail)
        {
            string tail = _stderrTail.ToString();
            if (tail.Contains("OutOfMemory", StringComparison.Ordinal))
            {
                return new ParserWorkerException(ParserWorkerFailure.MemoryLimit, $"{fileName}: {Describe(ParserWorkerFailure.MemoryLimit)}");
            }

            cause = tail.Contains("Stack overflow", StringComparison.OrdinalIgnoreCase) ? "stack overflow"
                : IsAlive ? "no answer" : $"exit code {ExitCode()}";
        }

        return new ParserWorkerException(ParserWorkerFailure.Crashed,
            $"{fileName}: the parser process crashed on this file ({cause}); the file was not indexed, the rest of the batch goes on / 解析进程处理此文件时崩溃（{cause}），未导入");
    }

    private int ExitCode()
    {
        try
        {
            return _process.ExitCode;
        }
        catch (InvalidOperationException)
        {
            return -1;
        }
    }

    /// <summary>The worker's peak resident size from /proc (Linux), 0 when it is gone or unknown.</summary>
    private long PeakFromProc()
    {
        try
        {
            foreach (string line in File.ReadLines($"/proc/{_process.Id}/status"))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    return long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException or FormatException)
        {
            // Gone already, or not Linux.
        }

        return 0;
    }

    private TimeSpan CpuTime()
    {
        try
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
        {
            return TimeSpan.Zero;
        }
    }

    private void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // Already gone.
        }
    }

    private static async Task Observe(Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or EndOfStreamException or InvalidDataException or ObjectDisposedException)
        {
            // The worker was killed mid-exchange; its failure is reported by the caller.
        }
    }

    private void KeepStderr(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_stderrTail)
        {
            _stderrTail.AppendLine(line);
            if (_stderrTail.Length > StderrTailChars)
            {
                _stderrTail.Remove(0, _stderrTail.Length - StderrTailChars);
            }
        }
    }
}
