using Zhiku.Core.Documents;
using Zhiku.SampleGenerator;

namespace Zhiku.Core.Tests.Documents;

public sealed class EpubParserTests
{
    private static byte[] Book() => OfficePackage.Create(new Dictionary<string, string>
    {
        ["mimetype"] = "application/epub+zip",
        ["META-INF/container.xml"] = """<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>""",
        ["OEBPS/content.opf"] = """<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>星河出版社作者手册</dc:title></metadata><manifest><item id="c2" href="text/ch2.xhtml" media-type="application/xhtml+xml"/><item id="c1" href="text/ch%201.xhtml" media-type="application/xhtml+xml"/></manifest><spine><itemref idref="c1"/><itemref idref="c2"/></spine></package>""",
        ["OEBPS/text/ch 1.xhtml"] = """<?xml version="1.0" encoding="utf-8"?><!DOCTYPE html><html xmlns="http://www.w3.org/1999/xhtml"><head><title>c1</title></head><body><h1>第一章 投稿</h1><p>稿件请以 Word 格式提交。</p></body></html>""",
        ["OEBPS/text/ch2.xhtml"] = """<?xml version="1.0" encoding="utf-8"?><html xmlns="http://www.w3.org/1999/xhtml"><body><h1>第二章 稿酬</h1><h2>2.1 标准</h2><p>千字稿酬为三百元。</p></body></html>""",
    });

    [Fact]
    public async Task Chapters_come_in_spine_order_with_their_headings()
    {
        var document = await ParseAssert.ReadOneAsync("手册.epub", Book());

        Assert.Equal("epub", document.Format);
        Assert.Equal("星河出版社作者手册", document.Title);
        Assert.True(document.Text.IndexOf("第一章", StringComparison.Ordinal) < document.Text.IndexOf("第二章", StringComparison.Ordinal));
        Assert.Equal(BlockKind.Heading, ParseAssert.BlockContaining(document, "第二章 稿酬").Kind);
        Assert.Equal("第二章 稿酬 > 2.1 标准", ParseAssert.BlockContaining(document, "千字稿酬").HeadingPath);
    }

    [Fact]
    public async Task An_opf_with_a_dtd_is_refused()
    {
        var parts = new Dictionary<string, string>
        {
            ["META-INF/container.xml"] = """<?xml version="1.0"?><!DOCTYPE c [<!ENTITY x SYSTEM "file:///etc/passwd">]><container><rootfiles><rootfile full-path="&x;"/></rootfiles></container>""",
        };

        await ParseAssert.FailsAsync("evil.epub", OfficePackage.Create(parts));
    }
}
