using System.Diagnostics;
using Zhiku.Core.Documents;
using Zhiku.Core.Ingestion;

namespace Zhiku.Core.Tests.Ingestion;

/// <summary>Only regular files are read: a FIFO would block forever, /dev/zero would be read until memory runs out.</summary>
public sealed class SpecialFileTests
{
    [Fact]
    public async Task Fifos_and_links_to_devices_are_skipped_and_the_batch_goes_on()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var folder = new TempFolder();
        string docs = Path.Combine(folder.Path, "docs");
        folder.File("docs/a.md", "# 手册\n\n年假十天。");
        string fifo = Path.Combine(docs, "x.txt");
        using (Process mkfifo = Process.Start("mkfifo", [fifo]))
        {
            await mkfifo.WaitForExitAsync();
            Assert.Equal(0, mkfifo.ExitCode);
        }

        File.CreateSymbolicLink(Path.Combine(docs, "zero.txt"), "/dev/zero");
        File.CreateSymbolicLink(Path.Combine(docs, "random.md"), "/dev/urandom");
        ZhikuStore store = ZhikuStore.Open(Path.Combine(folder.Path, "store"));
        using KnowledgeBase kb = await store.OpenKnowledgeBaseAsync("default", create: true);

        // A hang is the failure this test exists for, so it gets a deadline far above the real cost (milliseconds).
        IngestSummary summary = await new Ingestor(kb).IngestAsync([docs]).WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(1, summary.Ingested);
        Assert.Equal(3, summary.Skipped);
        Assert.All(summary.Files.Where(f => f.Status == FileStatus.Skipped), f => Assert.Contains("not a regular file", f.Reason));
        Assert.Contains(summary.Files, f => f.Path == fifo && f.Reason!.Contains("FIFO"));
    }

    [Fact]
    public async Task The_reader_reports_a_fifo_without_opening_it()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var folder = new TempFolder();
        string fifo = Path.Combine(folder.Path, "pipe.md");
        using (Process mkfifo = Process.Start("mkfifo", [fifo]))
        {
            await mkfifo.WaitForExitAsync();
        }

        DocumentReadResult result = await new DocumentReader().ReadFileAsync(fifo).WaitAsync(TimeSpan.FromMinutes(1));
        Assert.Equal(DocumentReadStatus.NotRegularFile, result.Status);
        Assert.Equal("a character device / 字符设备", FileKind.WhyNotRegular("/dev/null"));
        Assert.Null(FileKind.WhyNotRegular(folder.File("plain.txt", "text")));
    }

    [Fact]
    public async Task A_bounded_read_stops_past_the_cap_when_a_file_says_it_is_empty()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        // /dev/zero states a length of 0 and never ends: the read must stop one step past the cap.
        Assert.Null(await FileKind.ReadBoundedAsync("/dev/zero", 1024 * 1024));
        using var folder = new TempFolder();
        Assert.Equal("abc"u8.ToArray(), await FileKind.ReadBoundedAsync(folder.File("a.txt", "abc"), 3));
        Assert.Null(await FileKind.ReadBoundedAsync(folder.File("b.txt", "abcd"), 3));
    }
}
