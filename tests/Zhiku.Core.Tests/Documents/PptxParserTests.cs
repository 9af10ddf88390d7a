using Zhiku.Core.Documents;
using Zhiku.SampleGenerator;

namespace Zhiku.Core.Tests.Documents;

public sealed class PptxParserTests
{
    private static byte[] Launch() => OfficePackage.Deck(
        (OfficePackage.Shape("right", 5000, 2000, "右侧说明") + OfficePackage.Shape("left", 100, 2000, "左侧要点") + OfficePackage.Shape("t", 0, 0, "星河网关发布会", "ctrTitle"), "开场先介绍团队。"),
        (OfficePackage.Shape("t", 0, 0, "价格与供货", "title") + OfficePackage.Table(0, 3000, ["型号", "价格"], ["ZK-2024-001P", "8,600元"]) + OfficePackage.Shape("b", 0, 1000, "三月上市"), "强调早鸟价截止三月底。"));

    [Fact]
    public async Task Slides_keep_order_titles_reading_order_tables_and_notes_with_the_slide_as_page()
    {
        var document = await ParseAssert.ReadOneAsync("launch.pptx", Launch());

        Assert.Equal("pptx", document.Format);
        Assert.Equal("星河网关发布会", document.Title);
        var title = ParseAssert.BlockContaining(document, "价格与供货");
        Assert.Equal(BlockKind.Heading, title.Kind);
        Assert.Equal(2, title.Page);
        Assert.True(document.Text.IndexOf("左侧要点", StringComparison.Ordinal) < document.Text.IndexOf("右侧说明", StringComparison.Ordinal));
        Assert.True(document.Text.IndexOf("三月上市", StringComparison.Ordinal) < document.Text.IndexOf("ZK-2024-001P", StringComparison.Ordinal));
        var row = ParseAssert.BlockContaining(document, "ZK-2024-001P");
        Assert.Equal(BlockKind.Row, row.Kind);
        Assert.Equal("型号: ZK-2024-001P; 价格: 8,600元", ParseAssert.BlockText(document, row));
        Assert.Equal(2, row.Page);
        var notes = ParseAssert.BlockContaining(document, "早鸟价");
        Assert.Equal("价格与供货 > 备注 Notes", notes.HeadingPath);
        Assert.Equal(2, notes.Page);
        Assert.Equal(1, ParseAssert.BlockContaining(document, "开场先介绍团队").Page);
    }

    [Fact]
    public async Task A_damaged_deck_is_refused()
    {
        var bytes = Launch();

        await ParseAssert.FailsAsync("launch.pptx", bytes[..(bytes.Length / 2)]);
    }
}
