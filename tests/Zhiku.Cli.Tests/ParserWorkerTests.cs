using System.Text.Json;
using Zhiku.Core.Documents;
using Zhiku.Core.Ingestion;
using Zhiku.Core.Ingestion.Isolation;

namespace Zhiku.Cli.Tests;

/// <summary>The parser worker (the real zhiku binary beside the tests, or a stand-in program that misbehaves on
/// purpose) and the parent that watches it.</summary>
public sealed class ParserWorkerTests
{
    private static readonly JsonSerializerOptions Json = new() { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    [Fact]
    public async Task One_worker_returns_exactly_what_in_process_parsing_returns_for_every_sample()
    {
        // The scanned samples are read by OCR on both sides, with the same models.
        var ocr = new Zhiku.Core.Documents.Ocr.OcrOptions { ModelFolder = Zhiku.TestSupport.OcrModels.Folder };
        using var isolated = new IsolatedFileParser(ParserWorkerCommand.Resolve(), new ParserWorkerLimits { Ocr = ocr });
        var inProcess = new InProcessFileParser(new DocumentReader(new DocumentReaderOptions { Ocr = ocr }));
        string[] files = Directory.GetFiles(CliRunner.Samples).Order(StringComparer.Ordinal).ToArray();
        Assert.True(files.Length >= 7);
        foreach (string file in files)
        {
            byte[] bytes = await File.ReadAllBytesAsync(file);
            DocumentReadResult expected = await inProcess.ParseAsync(bytes, Path.GetFileName(file));
            DocumentReadResult actual = await isolated.ParseAsync(bytes, Path.GetFileName(file));
            Assert.Equal(JsonSerializer.Serialize(expected, Json), JsonSerializer.Serialize(actual, Json));
        }

        // A bad file is the file's failure, not the worker's: the same worker goes on.
        var error = await Assert.ThrowsAsync<DocumentParseException>(() => isolated.ParseAsync("not a pdf"u8.ToArray(), "bad.pdf"));
        Assert.Contains("bad.pdf", error.Message);
        Assert.Equal(DocumentReadStatus.Read, (await isolated.ParseAsync("# 标题\n\n正文。"u8.ToArray(), "ok.md")).Status);
        Assert.Equal(1, isolated.WorkersStarted);
    }

    [Fact]
    public async Task A_worker_that_dies_fails_that_file_and_the_next_file_gets_a_fresh_worker()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        // Reads the request, then aborts the way a stack overflow does (SIGABRT).
        using var parser = new IsolatedFileParser(new ParserWorkerCommand("/bin/sh", ["-c", "head -c 4 >/dev/null; kill -ABRT $$"]));
        var crash = await Assert.ThrowsAsync<ParserWorkerException>(() => parser.ParseAsync("text"u8.ToArray(), "a.txt"));
        Assert.Equal(ParserWorkerFailure.Crashed, crash.Kind);
        Assert.Contains("a.txt", crash.Message);
        Assert.Contains("crashed", crash.Message);
        await Assert.ThrowsAsync<ParserWorkerException>(() => parser.ParseAsync("text"u8.ToArray(), "b.txt"));
        Assert.Equal(2, parser.WorkersStarted);
    }

    [Fact]
    public async Task A_worker_that_never_answers_is_stopped_at_the_wall_time_limit()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var parser = new IsolatedFileParser(new ParserWorkerCommand("/bin/sh", ["-c", "cat >/dev/null"]),
            new ParserWorkerLimits { WallTime = TimeSpan.FromSeconds(1) });
        var error = await Assert.ThrowsAsync<ParserWorkerException>(() => parser.ParseAsync("text"u8.ToArray(), "slow.txt"));
        Assert.Equal(ParserWorkerFailure.WallTimeLimit, error.Kind);
        Assert.Contains("time limit", error.Message);
    }

    [Fact]
    public async Task Disposing_while_a_file_is_parsed_does_not_wait_for_it_and_stops_the_worker_after_it()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var parser = new IsolatedFileParser(new ParserWorkerCommand("/bin/sh", ["-c", "cat >/dev/null"]),
            new ParserWorkerLimits { WallTime = TimeSpan.FromSeconds(2) });
        Task<Zhiku.Core.Documents.DocumentReadResult> parse = parser.ParseAsync("text"u8.ToArray(), "slow.txt");
        while (parser.WorkersStarted == 0)
        {
            await Task.Delay(10);
        }

        parser.Dispose();

        Assert.False(parse.IsCompleted);
        Assert.Equal(ParserWorkerFailure.WallTimeLimit, (await Assert.ThrowsAsync<ParserWorkerException>(() => parse)).Kind);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => parser.ParseAsync("text"u8.ToArray(), "next.txt"));
        Assert.Equal(1, parser.WorkersStarted);
    }

    [Fact]
    public async Task A_worker_that_spins_is_stopped_at_the_cpu_time_limit()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var parser = new IsolatedFileParser(new ParserWorkerCommand("/bin/sh", ["-c", "while :; do :; done"]),
            new ParserWorkerLimits { CpuTime = TimeSpan.FromSeconds(1), WallTime = TimeSpan.FromMinutes(5) });
        var error = await Assert.ThrowsAsync<ParserWorkerException>(() => parser.ParseAsync("text"u8.ToArray(), "spin.txt"));
        Assert.Equal(ParserWorkerFailure.CpuTimeLimit, error.Kind);
    }

    [Fact]
    public async Task The_real_worker_is_stopped_at_its_memory_limit_and_the_next_file_parses()
    {
        using var parser = new IsolatedFileParser(ParserWorkerCommand.Resolve(),
            new ParserWorkerLimits { HeapBytes = 48L * 1024 * 1024, ResidentBytes = 160L * 1024 * 1024 });
        // 40 MB of text: the worker needs its bytes, the decoded string and the blocks, far over a 48 MB heap.
        byte[] big = System.Text.Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("年假规定：正式员工每年十天年假。\n", 1_000_000)));
        var error = await Assert.ThrowsAsync<ParserWorkerException>(() => parser.ParseAsync(big, "big.txt"));
        Assert.Equal(ParserWorkerFailure.MemoryLimit, error.Kind);
        Assert.Contains("memory", error.Message);

        Assert.Equal(DocumentReadStatus.Read, (await parser.ParseAsync("小文件。"u8.ToArray(), "small.txt")).Status);
        Assert.Equal(2, parser.WorkersStarted);
    }
}
