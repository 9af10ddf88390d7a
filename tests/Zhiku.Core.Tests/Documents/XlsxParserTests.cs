using System.Text;
using Zhiku.Core.Chunking;
using Zhiku.Core.Documents;
using Zhiku.SampleGenerator;

namespace Zhiku.Core.Tests.Documents;

public sealed class XlsxParserTests
{
    // Style 1: #,##0"元"; style 2: yyyy-mm-dd; style 3: 0.00% (built-in 10).
    private const string Styles = """<numFmts count="2"><numFmt numFmtId="164" formatCode="#,##0&quot;元&quot;"/><numFmt numFmtId="165" formatCode="yyyy-mm-dd"/></numFmts><cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="164" applyNumberFormat="1"/><xf numFmtId="165" applyNumberFormat="1"/><xf numFmtId="10" applyNumberFormat="1"/></cellXfs>""";

    private static readonly string[] Strings = ["2024年价格表", "产品编号", "产品名称", "建议零售价", "上市日期", "毛利率", "ZK-2024-001P", "星河边缘网关", "ZK-2024-002P", "星河工控机", "区域", "华东区", "仓库", "上海仓", "苏州仓", "隐藏的秘密"];

    private static byte[] PriceList() => OfficePackage.Workbook(Strings, Styles,
        ("价格表", false, """
            <sheetData>
              <row r="1"><c r="A1" t="s"><v>0</v></c></row>
              <row r="2"><c r="A2" t="s"><v>1</v></c><c r="B2" t="s"><v>2</v></c><c r="C2" t="s"><v>3</v></c><c r="D2" t="s"><v>4</v></c><c r="E2" t="s"><v>5</v></c></row>
              <row r="3"><c r="A3" t="s"><v>6</v></c><c r="B3" t="s"><v>7</v></c><c r="C3" s="1"><f>8000+600</f><v>8600</v></c><c r="D3" s="2"><v>45366</v></c><c r="E3" s="3"><v>0.325</v></c></row>
              <row r="5"><c r="A5"/><c r="B5"/></row>
              <row r="12"><c r="A12" t="s"><v>8</v></c><c r="B12" t="s"><v>9</v></c><c r="C12" s="1"><v>12800</v></c><c r="D12" s="2"><v>45400</v></c><c r="E12" t="str"><f>"n/a"</f><v>n/a</v></c></row>
            </sheetData>
            """),
        ("库存", false, """
            <sheetData>
              <row r="1"><c r="A1" t="s"><v>10</v></c><c r="B1" t="s"><v>12</v></c><c r="C1" t="inlineStr"><is><t>库存数量</t></is></c></row>
              <row r="2"><c r="A2" t="s"><v>11</v></c><c r="B2" t="s"><v>13</v></c><c r="C2"><v>120</v></c></row>
              <row r="3"><c r="B3" t="s"><v>14</v></c><c r="C3"><v>35.5</v></c></row>
            </sheetData>
            <mergeCells count="1"><mergeCell ref="A2:A3"/></mergeCells>
            """),
        ("草稿", true, """<sheetData><row r="1"><c r="A1" t="s"><v>15</v></c><c r="B1" t="s"><v>15</v></c></row></sheetData>"""));

    [Fact]
    public async Task Each_data_row_is_a_passage_with_its_headers_and_its_range_as_heading()
    {
        var document = await ParseAssert.ReadOneAsync("价格表.xlsx", PriceList());

        Assert.Equal("xlsx", document.Format);
        var row = ParseAssert.BlockContaining(document, "ZK-2024-001P");
        Assert.Equal(BlockKind.Row, row.Kind);
        Assert.Equal("产品编号: ZK-2024-001P; 产品名称: 星河边缘网关; 建议零售价: 8,600元; 上市日期: 2024-03-15; 毛利率: 32.50%",
            ParseAssert.BlockText(document, row));
        Assert.Equal("价格表!A3:E3", row.HeadingPath);
        var later = ParseAssert.BlockContaining(document, "ZK-2024-002P");
        Assert.Equal("价格表!A12:E12", later.HeadingPath);
        Assert.Contains("建议零售价: 12,800元", ParseAssert.BlockText(document, later), StringComparison.Ordinal);
        Assert.Contains("毛利率: n/a", ParseAssert.BlockText(document, later), StringComparison.Ordinal);
        Assert.Equal(BlockKind.Paragraph, ParseAssert.BlockContaining(document, "2024年价格表").Kind);
        Assert.Equal(BlockKind.Heading, ParseAssert.BlockContaining(document, "库存").Kind);
    }

    [Fact]
    public async Task Merged_cells_are_filled_and_hidden_sheets_skipped()
    {
        var document = await ParseAssert.ReadOneAsync("价格表.xlsx", PriceList());

        var suzhou = ParseAssert.BlockContaining(document, "苏州仓");
        Assert.Equal("区域: 华东区; 仓库: 苏州仓; 库存数量: 35.5", ParseAssert.BlockText(document, suzhou));
        Assert.Equal("库存!A3:C3", suzhou.HeadingPath);
        Assert.DoesNotContain("隐藏的秘密", document.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_question_about_one_row_finds_that_rows_chunk()
    {
        var document = await ParseAssert.ReadOneAsync("价格表.xlsx", PriceList());

        var chunks = new Chunker().Chunk(document);
        var chunk = Assert.Single(chunks, c => c.Text.Contains("ZK-2024-001P", StringComparison.Ordinal));
        Assert.Contains("建议零售价: 8,600元", chunk.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("ZK-2024-002P", chunk.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_long_sheet_streams_row_by_row()
    {
        const int rows = 200_000;
        var body = new StringBuilder("<sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>编号</t></is></c><c r=\"B1\" t=\"inlineStr\"><is><t>数量</t></is></c></row>");
        for (var r = 2; r <= rows + 1; r++)
        {
            body.Append($"<row r=\"{r}\"><c r=\"A{r}\"><v>{r}</v></c><c r=\"B{r}\"><v>{r % 97}</v></c></row>");
        }

        body.Append("</sheetData>");
        var bytes = OfficePackage.Workbook([], "", ("明细", false, body.ToString()));

        var document = Assert.Single(await new XlsxParser().ParseAsync(new MemoryStream(bytes), "long.xlsx"));

        // Memory is measured in the formats benchmark (docs/benchmarks.md); here every row must come through.
        Assert.Equal(rows + 2, document.Blocks.Count);
        Assert.Equal("编号: 200001; 数量: " + (200_001 % 97), document.Text[document.Blocks[^1].Start..document.Blocks[^1].End]);
    }

    [Fact]
    public async Task An_encrypted_workbook_is_refused_with_one_line()
    {
        var bytes = new byte[4096];
        new byte[] { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 }.CopyTo(bytes, 0);
        Encoding.Unicode.GetBytes("EncryptionInfo").CopyTo(bytes, 1024);

        var error = await ParseAssert.FailsAsync("加密.xlsx", bytes);

        Assert.Contains("encrypted", error.Message, StringComparison.Ordinal);
        Assert.Contains("password-free", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public async Task A_workbook_that_is_not_a_zip_is_refused()
    {
        var error = await ParseAssert.FailsAsync("price.xlsx", Encoding.UTF8.GetBytes("not a workbook"));

        Assert.Contains("not a zip", error.Message, StringComparison.Ordinal);
    }
}
