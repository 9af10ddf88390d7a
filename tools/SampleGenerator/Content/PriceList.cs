using System.Globalization;
using System.Text;

namespace Zhiku.SampleGenerator.Content;

/// <summary>A two-sheet workbook: the 2025 price list and the stock by region and warehouse (a merged region column).</summary>
internal static class PriceList
{
    public const string FileName = "价格表与库存-2025年.xlsx";

    private static readonly (string Code, string Name, int Price, DateOnly Launched, string Warranty)[] Products =
    [
        ("ZK-2024-001P", "星河边缘计算网关", 8600, new DateOnly(2024, 3, 15), "3年"),
        ("ZK-2024-002P", "工业AI质检一体机", 12800, new DateOnly(2025, 6, 16), "2年"),
        ("ZK-2023-017P", "星河边缘计算网关（上一代）", 5900, new DateOnly(2023, 5, 8), "2年"),
        ("ZK-2025-003A", "无线传感节点套装", 1980, new DateOnly(2025, 1, 20), "1年"),
        ("ZK-2025-004S", "边缘管理平台年度订阅", 36000, new DateOnly(2025, 2, 1), "—"),
    ];

    public static byte[] Build()
    {
        var strings = new List<string>();
        int S(string s)
        {
            var i = strings.IndexOf(s);
            if (i < 0)
            {
                strings.Add(s);
                i = strings.Count - 1;
            }

            return i;
        }

        string Text(string cell, string value) => $"<c r=\"{cell}\" t=\"s\"><v>{S(value)}</v></c>";
        string Number(string cell, double value, int style = 0) =>
            $"<c r=\"{cell}\"{(style > 0 ? $" s=\"{style}\"" : "")}><v>{value.ToString(CultureInfo.InvariantCulture)}</v></c>";

        var prices = new StringBuilder("<sheetData>");
        prices.Append($"<row r=\"1\">{Text("A1", "星河科技 2025年产品价格表（含税，人民币）")}</row>");
        prices.Append($"<row r=\"2\">{Text("A2", "产品编号")}{Text("B2", "产品名称")}{Text("C2", "建议零售价")}{Text("D2", "经销价")}{Text("E2", "上市日期")}{Text("F2", "质保期")}</row>");
        for (var i = 0; i < Products.Length; i++)
        {
            var r = i + 3;
            var p = Products[i];
            var serial = p.Launched.ToDateTime(TimeOnly.MinValue).ToOADate();
            prices.Append($"<row r=\"{r}\">{Text($"A{r}", p.Code)}{Text($"B{r}", p.Name)}{Number($"C{r}", p.Price, 1)}<c r=\"D{r}\" s=\"1\"><f>ROUND(C{r}*0.85,0)</f><v>{Math.Round(p.Price * 0.85).ToString(CultureInfo.InvariantCulture)}</v></c>{Number($"E{r}", serial, 2)}{Text($"F{r}", p.Warranty)}</row>");
        }

        prices.Append("</sheetData>");

        var stock = new StringBuilder("<sheetData>");
        stock.Append($"<row r=\"1\">{Text("A1", "区域")}{Text("B1", "仓库")}{Text("C1", "产品编号")}{Text("D1", "库存数量")}{Text("E1", "盘点日期")}</row>");
        (string Region, string Warehouse, string Code, int Count)[] rows =
        [
            ("华东区", "杭州总仓", "ZK-2024-001P", 1260), ("华东区", "上海仓", "ZK-2024-001P", 430), ("华东区", "上海仓", "ZK-2025-003A", 2150),
            ("华南区", "深圳仓", "ZK-2024-001P", 380), ("华南区", "深圳仓", "ZK-2024-002P", 45),
        ];
        var counted = new DateOnly(2025, 3, 31).ToDateTime(TimeOnly.MinValue).ToOADate();
        for (var i = 0; i < rows.Length; i++)
        {
            var r = i + 2;
            var (region, warehouse, code, count) = rows[i];
            var regionCell = i is 0 or 3 ? Text($"A{r}", region) : "";
            stock.Append($"<row r=\"{r}\">{regionCell}{Text($"B{r}", warehouse)}{Text($"C{r}", code)}{Number($"D{r}", count, 3)}{Number($"E{r}", counted, 2)}</row>");
        }

        stock.Append("</sheetData><mergeCells count=\"2\"><mergeCell ref=\"A2:A4\"/><mergeCell ref=\"A5:A6\"/></mergeCells>");

        const string styles = """<numFmts count="2"><numFmt numFmtId="164" formatCode="#,##0&quot;元&quot;"/><numFmt numFmtId="165" formatCode="yyyy-mm-dd"/></numFmts><cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="164" applyNumberFormat="1"/><xf numFmtId="165" applyNumberFormat="1"/><xf numFmtId="3" applyNumberFormat="1"/></cellXfs>""";
        var pricesXml = prices.ToString();
        var stockXml = stock.ToString();
        return OfficePackage.Workbook(strings, styles, ("价格表", false, pricesXml), ("库存", false, stockXml));
    }
}
