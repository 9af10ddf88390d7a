using System.Text;
using Zhiku.Core.Documents;

namespace Zhiku.Core.Tests.Documents;

/// <summary>JSON, JSON Lines and CSV: records and rows.</summary>
public sealed class RecordFormatTests
{
    [Fact]
    public async Task Jsonl_gives_one_document_per_line_with_id_and_title()
    {
        const string jsonl = """
            {"id": "DEV_0", "title": "战国无双3", "text": "《战国无双3》是由光荣开发的游戏。\n\n第二段。"}

            {"id": 42, "content": "Second record text."}
            {"id": "x", "body": "第三条"}
            """;

        var documents = await ParseAssert.ReadAsync("corpus.jsonl", Encoding.UTF8.GetBytes(jsonl));

        Assert.Equal(3, documents.Count);
        Assert.Equal("DEV_0", documents[0].ExternalId);
        Assert.Equal("战国无双3", documents[0].Title);
        Assert.Equal(2, documents[0].Blocks.Count);
        Assert.Equal("42", documents[1].ExternalId);
        Assert.Equal("Second record text.", documents[1].Text);
        Assert.Equal("jsonl", documents[2].Format);
    }

    [Fact]
    public async Task Jsonl_bad_line_names_its_line_number()
    {
        var jsonl = "{\"id\":\"a\",\"text\":\"好\"}\n{\"id\":\"b\",\"text\":\"坏\"\n{\"id\":\"c\",\"text\":\"好\"}\n";

        var error = await ParseAssert.FailsAsync("corpus.jsonl", Encoding.UTF8.GetBytes(jsonl));

        Assert.Contains("line 2", error.Message, StringComparison.Ordinal);
        Assert.Contains("第 2 行", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Jsonl_without_any_text_field_is_refused()
    {
        var error = await ParseAssert.FailsAsync("meta.jsonl", Encoding.UTF8.GetBytes("{\"id\":1,\"name\":\"x\"}\n"));

        Assert.Contains("text field", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_object_and_array()
    {
        var one = await ParseAssert.ReadAsync("one.json", Encoding.UTF8.GetBytes("{\"id\":\"p1\",\"passage\":\"单篇文本。\"}"));
        var many = await ParseAssert.ReadAsync("many.json", Encoding.UTF8.GetBytes("[{\"text\":\"甲\"},{\"text\":\"乙\",\"title\":\"标题乙\"},{\"other\":1}]"));

        Assert.Equal("p1", Assert.Single(one).ExternalId);
        Assert.Equal(2, many.Count);
        Assert.Equal("标题乙", many[1].Title);
    }

    [Fact]
    public async Task Json_syntax_error_is_refused_with_its_line()
    {
        var error = await ParseAssert.FailsAsync("bad.json", Encoding.UTF8.GetBytes("{\n\"text\": \"a\",\n\"id\": }"));

        Assert.Contains("line 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Csv_rows_carry_the_header_and_quoted_fields_survive()
    {
        const string csv = "姓名,部门,备注\r\n张三,研发部,\"擅长Java, Go\"\r\n李四,销售部,\"获评\"\"优秀员工\"\"\n第二行\"\r\n\r\n王五,,\r\n";

        var document = await ParseAssert.ReadOneAsync("roster.csv", Encoding.UTF8.GetBytes(csv));

        Assert.Equal(3, document.Blocks.Count);
        Assert.All(document.Blocks, b => Assert.Equal(BlockKind.Row, b.Kind));
        Assert.Equal("姓名: 张三; 部门: 研发部; 备注: 擅长Java, Go", ParseAssert.BlockText(document, document.Blocks[0]));
        Assert.Equal("姓名: 李四; 部门: 销售部; 备注: 获评\"优秀员工\" 第二行", ParseAssert.BlockText(document, document.Blocks[1]));
        Assert.Equal("姓名: 王五", ParseAssert.BlockText(document, document.Blocks[2]));
    }

    [Theory]
    [InlineData("gbk")]
    [InlineData("utf-8-bom")]
    [InlineData("utf-16le-bom")]
    public async Task Csv_reads_each_encoding(string encoding)
    {
        var bytes = TextFileDecoderTests.Encode(encoding, "姓名,部门\n张三,研发部\n");

        var document = await ParseAssert.ReadOneAsync("roster.csv", bytes);

        Assert.Equal("姓名: 张三; 部门: 研发部", document.Text);
    }

    [Fact]
    public async Task Csv_with_an_unclosed_quote_is_refused_with_its_line()
    {
        var error = await ParseAssert.FailsAsync("bad.csv", Encoding.UTF8.GetBytes("a,b\n1,2\n3,\"open\n"));

        Assert.Contains("line 3", error.Message, StringComparison.Ordinal);
    }
}
