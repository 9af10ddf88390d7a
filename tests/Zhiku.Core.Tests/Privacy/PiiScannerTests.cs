using System.Text;
using Zhiku.Core.Privacy;

namespace Zhiku.Core.Tests.Privacy;

public sealed class PiiScannerTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("zhiku-scan-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task ReportsOffsetsIntoDecodedTextAndNeverRawValues()
    {
        const string text = "客户手机13812345678，邮箱li.na@example.com";
        string utf8 = Path.Combine(_dir, "a.txt");
        await File.WriteAllTextAsync(utf8, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        string gbk = Path.Combine(_dir, "b.csv");
        await File.WriteAllBytesAsync(gbk, Encoding.GetEncoding("GB18030").GetBytes(text));
        await File.WriteAllTextAsync(Path.Combine(_dir, "c.bin"), text);

        IReadOnlyList<FileScanResult> results = await new PiiScanner(new PiiDetector()).ScanPathsAsync([_dir]);

        Assert.Equal(2, results.Count); // c.bin is not a supported format
        foreach (FileScanResult file in results)
        {
            PiiFinding mobile = Assert.Single(file.Findings, f => f.Type == PiiTypes.ChineseMobile);
            Assert.Equal("13812345678", text[mobile.Start..mobile.End]);
            Assert.Equal("138****5678", mobile.Masked);
            Assert.DoesNotContain(file.Findings, f => f.Masked.Contains("13812345678", StringComparison.Ordinal) || f.Masked == "li.na@example.com");
        }
    }

    [Fact]
    public async Task MissingPathIsAUserError() =>
        await Assert.ThrowsAsync<ZhikuException>(() => new PiiScanner(new PiiDetector()).ScanPathsAsync([Path.Combine(_dir, "missing.txt")]));
}
