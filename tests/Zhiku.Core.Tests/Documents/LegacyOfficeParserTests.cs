using System.Diagnostics;
using System.Text;
using Zhiku.Core.Documents;

namespace Zhiku.Core.Tests.Documents;

/// <summary>Legacy office files through a real LibreOffice (.ci/run installs it); the test files are made by it too.</summary>
public sealed class LegacyOfficeParserTests
{
    private const string Rtf = """
        {\rtf1\ansi\ansicpg936\deff0{\fonttbl{\f0 SimSun;}}
        {\pard\s1\b \u24180?\u20551?\u21046?\u24230?\par}
        {\pard \u21592?\u24037?\u20837?\u32844?\u28385?\u19968?\u24180?\u20139?\u26377?5\u22825?\u24180?\u20551?\u12290?\par}
        }
        """;

    [Fact]
    public async Task An_rtf_file_is_converted_and_read()
    {
        var document = await ParseAssert.ReadOneAsync("制度.rtf", Encoding.ASCII.GetBytes(Rtf));

        Assert.Equal("rtf", document.Format);
        Assert.Contains("员工入职满一年享有5天年假。", document.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_doc_an_ods_and_an_xls_as_wps_et_made_by_libreoffice_are_read()
    {
        using var folder = new TempFolder();
        var rtf = folder.Write("source.rtf", Encoding.ASCII.GetBytes(Rtf));
        var csv = folder.Write("source.csv", Encoding.UTF8.GetBytes("姓名,工号\n张伟,E1024\n"));
        Convert(folder.Path, rtf, "doc");
        Convert(folder.Path, csv, "ods");
        Convert(folder.Path, csv, "xls");

        var doc = await ParseAssert.ReadOneAsync("制度.doc", File.ReadAllBytes(Path.Combine(folder.Path, "source.doc")));
        var ods = await ParseAssert.ReadOneAsync("花名册.ods", File.ReadAllBytes(Path.Combine(folder.Path, "source.ods")));
        var et = await ParseAssert.ReadOneAsync("花名册.et", File.ReadAllBytes(Path.Combine(folder.Path, "source.xls")));

        Assert.Equal("doc", doc.Format);
        Assert.Contains("5天年假", doc.Text, StringComparison.Ordinal);
        Assert.Equal("ods", ods.Format);
        var row = ParseAssert.BlockContaining(ods, "张伟");
        Assert.Equal("姓名: 张伟; 工号: E1024", ParseAssert.BlockText(ods, row));
        Assert.EndsWith("!A2:B2", row.HeadingPath, StringComparison.Ordinal);
        Assert.Contains("工号: E1024", et.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_libreoffice_the_file_is_refused_with_the_install_command()
    {
        var parser = new LegacyOfficeParser(new DocumentReaderOptions(), "/nonexistent/soffice", TimeSpan.FromSeconds(5));

        var error = await Assert.ThrowsAsync<DocumentParseException>(() => parser.ParseAsync(new MemoryStream(Encoding.ASCII.GetBytes(Rtf)), "old.doc"));

        Assert.StartsWith("old.doc:", error.Message, StringComparison.Ordinal);
        Assert.Contains("apt-get install libreoffice-core-nogui", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public async Task A_conversion_that_hangs_is_killed_at_the_timeout()
    {
        using var folder = new TempFolder();
        var marker = Path.Combine(folder.Path, "pid");
        var script = folder.Write("soffice", Encoding.ASCII.GetBytes($"#!/bin/sh\necho $$ > '{marker}'\nexec sleep 600\n"));
        Assert.False(OperatingSystem.IsWindows(), "the converter stand-in is a shell script");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.UserWrite);
        }
        var parser = new LegacyOfficeParser(new DocumentReaderOptions(), script, TimeSpan.FromSeconds(2));

        var error = await Assert.ThrowsAsync<DocumentParseException>(() => parser.ParseAsync(new MemoryStream(Encoding.ASCII.GetBytes(Rtf)), "hang.ppt"));

        Assert.Contains("stopped", error.Message, StringComparison.Ordinal);
        var pid = int.Parse(File.ReadAllText(marker).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.False(IsRunning(pid), $"the hung converter {pid} is still running");
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            process.WaitForExit(5000);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static void Convert(string folder, string input, string target)
    {
        var start = new ProcessStartInfo("soffice") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "-env:UserInstallation=" + new Uri(Path.Combine(folder, "profile")).AbsoluteUri, "--headless", input.EndsWith(".csv", StringComparison.Ordinal) ? "--infilter=CSV:44,34,76,1" : "--norestore", "--convert-to", target, "--outdir", folder, input })
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        process.WaitForExit(120_000);
        Assert.True(File.Exists(Path.ChangeExtension(input, target)), process.StandardError.ReadToEnd());
    }
}
