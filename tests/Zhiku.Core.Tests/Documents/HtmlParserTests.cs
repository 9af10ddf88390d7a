using System.Text;
using Zhiku.Core.Documents;

namespace Zhiku.Core.Tests.Documents;

public sealed class HtmlParserTests
{
    private const string Page = """
        <!DOCTYPE html>
        <html><head><meta charset="{0}"><title>报销常见问题</title>
        <style>body { color: red }</style><script>var tracking = "统计代码";</script></head>
        <body>
        <header><h1>内网门户</h1></header>
        <nav><a href="/">首页</a><a href="/hr">人力资源</a></nav>
        <main>
          <h2>报销</h2>
          <p>报销须在费用发生后
             60天内提交。</p>
          <h3>住宿</h3>
          <p>一线城市每晚<b>不超过</b>550元。<br>其他城市每晚不超过400元。</p>
          <table><tr><th>城市</th><th>标准</th></tr><tr><td>上海</td><td>550元</td></tr></table>
        </main>
        <aside>热门链接</aside>
        <form><input placeholder="搜索"><button>搜索按钮</button></form>
        <footer>© 2025 版权所有</footer>
        <noscript>请启用脚本</noscript>
        </body></html>
        """;

    [Fact]
    public async Task Drops_boilerplate_and_keeps_structure()
    {
        var document = await ParseAssert.ReadOneAsync("faq.html", Encoding.UTF8.GetBytes(Page.Replace("{0}", "utf-8")));

        Assert.Equal("报销常见问题", document.Title);
        foreach (var boilerplate in new[] { "内网门户", "首页", "统计代码", "color", "热门链接", "搜索", "版权所有", "请启用脚本" })
        {
            Assert.DoesNotContain(boilerplate, document.Text, StringComparison.Ordinal);
        }

        Assert.Contains("报销须在费用发生后60天内提交。", document.Text, StringComparison.Ordinal);
        var lodging = ParseAssert.BlockContaining(document, "一线城市每晚不超过550元。");
        Assert.Equal("报销 > 住宿", lodging.HeadingPath);
        Assert.Equal("一线城市每晚不超过550元。\n其他城市每晚不超过400元。", ParseAssert.BlockText(document, lodging));
        Assert.Equal(BlockKind.Heading, ParseAssert.BlockContaining(document, "住宿").Kind);
        var row = ParseAssert.BlockContaining(document, "上海");
        Assert.Equal(BlockKind.Row, row.Kind);
        Assert.Equal("城市: 上海; 标准: 550元", ParseAssert.BlockText(document, row));
    }

    [Fact]
    public async Task Reads_a_gbk_page_by_its_meta_charset()
    {
        var bytes = Encoding.GetEncoding(936).GetBytes(Page.Replace("{0}", "gb2312"));

        var document = await ParseAssert.ReadOneAsync("gbk.htm", bytes);

        Assert.Equal("报销常见问题", document.Title);
        Assert.Contains("其他城市每晚不超过400元。", document.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Title_falls_back_to_the_first_h1()
    {
        var html = "<html><body><h1>Travel Policy</h1><p>Economy class only.</p></body></html>";

        var document = await ParseAssert.ReadOneAsync("travel.html", Encoding.UTF8.GetBytes(html));

        Assert.Equal("Travel Policy", document.Title);
        Assert.Equal("Travel Policy", ParseAssert.BlockContaining(document, "Economy").HeadingPath);
    }
}
