using System.Globalization;
using System.Text;
using Zhiku.SampleGenerator;

namespace Zhiku.FormatsBench;

/// <summary>
/// A generated workbook of products (code, name, price, stock, launch date, owner) and people (name, staff id,
/// department, start date), with one question per sampled row and the value its answer must contain.
/// </summary>
internal sealed class TableSet
{
    private static readonly string[] Surnames = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高", "林", "何", "郭", "马", "罗"];
    private static readonly string[] Given = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀英", "华", "建国", "晓峰", "雨桐", "思远", "志强"];
    private static readonly string[] Kinds = ["边缘网关", "工控机", "传感节点", "质检相机", "交换机", "电源模块", "存储服务器", "管理平台订阅"];
    private static readonly string[] Departments = ["研发部", "销售部", "财务部", "人力资源部", "质量部", "行政部", "产品部"];

    public required byte[] Workbook { get; init; }

    public required byte[] Csv { get; init; }

    public required List<(string Question, string Expected, string Key)> Questions { get; init; }

    public static TableSet Generate(int products, int people, int questions, int seed)
    {
        var random = new Random(seed);
        var rows = new List<string>();
        var csv = new StringBuilder("产品编号,产品名称,单价,库存数量,上市日期,负责人\n");
        var asked = new List<(string, string, string)>();
        var names = new HashSet<string>();
        var productRows = new StringBuilder("<sheetData><row r=\"1\">" + Cells(1, "产品编号", "产品名称", "单价", "库存数量", "上市日期", "负责人") + "</row>");
        for (var i = 0; i < products; i++)
        {
            var r = i + 2;
            var code = $"ZK-{2020 + (i % 6)}-{i + 1:D4}{(char)('A' + (i % 26))}";
            var name = $"星河{Kinds[i % Kinds.Length]} {(char)('A' + (i / Kinds.Length % 26))}{i % 100}型";
            var price = random.Next(5, 5000) * 10;
            var stock = random.Next(0, 20000);
            var launched = new DateOnly(2019, 1, 1).AddDays(random.Next(0, 2500));
            var owner = Surnames[random.Next(Surnames.Length)] + Given[random.Next(Given.Length)];
            productRows.Append(CultureInfo.InvariantCulture, $"<row r=\"{r}\">{Inline("A", r, code)}{Inline("B", r, name)}<c r=\"C{r}\" s=\"1\"><v>{price}</v></c><c r=\"D{r}\" s=\"3\"><v>{stock}</v></c><c r=\"E{r}\" s=\"2\"><v>{launched.ToDateTime(TimeOnly.MinValue).ToOADate()}</v></c>{Inline("F", r, owner)}</row>");
            csv.Append(CultureInfo.InvariantCulture, $"{code},{name},\"{price:N0}元\",\"{stock:N0}\",{launched:yyyy-MM-dd},{owner}\n");
            rows.Add(code);
            switch (random.Next(3))
            {
                case 0: asked.Add(($"{code} 的单价是多少？", price.ToString("N0", CultureInfo.InvariantCulture) + "元", code)); break;
                case 1: asked.Add(($"{code} 的库存数量是多少？", stock.ToString("N0", CultureInfo.InvariantCulture), code)); break;
                default: asked.Add(($"{code} 是哪天上市的？", launched.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), code)); break;
            }
        }

        productRows.Append("</sheetData>");
        var peopleRows = new StringBuilder("<sheetData><row r=\"1\">" + Cells(1, "姓名", "工号", "部门", "入职日期") + "</row>");
        var personQuestions = new List<(string, string, string)>();
        for (var i = 0; i < people; i++)
        {
            string person;
            do
            {
                person = Surnames[random.Next(Surnames.Length)] + Given[random.Next(Given.Length)] + Given[random.Next(Given.Length)];
            }
            while (!names.Add(person));

            var r = i + 2;
            var staffId = $"E{10000 + i}";
            var joined = new DateOnly(2012, 1, 1).AddDays(random.Next(0, 4700));
            peopleRows.Append(CultureInfo.InvariantCulture, $"<row r=\"{r}\">{Inline("A", r, person)}{Inline("B", r, staffId)}{Inline("C", r, Departments[random.Next(Departments.Length)])}<c r=\"D{r}\" s=\"2\"><v>{joined.ToDateTime(TimeOnly.MinValue).ToOADate()}</v></c></row>");
            personQuestions.Add(($"{person}的工号是多少？", staffId, person));
        }

        peopleRows.Append("</sheetData>");
        const string styles = """<numFmts count="2"><numFmt numFmtId="164" formatCode="#,##0&quot;元&quot;"/><numFmt numFmtId="165" formatCode="yyyy-mm-dd"/></numFmts><cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="164" applyNumberFormat="1"/><xf numFmtId="165" applyNumberFormat="1"/><xf numFmtId="3" applyNumberFormat="1"/></cellXfs>""";
        var workbook = OfficePackage.Workbook([], styles, ("产品", false, productRows.ToString()), ("员工", false, peopleRows.ToString()));
        var picked = asked.OrderBy(_ => random.Next()).Take(questions * 2 / 3).Concat(personQuestions.OrderBy(_ => random.Next()).Take(questions / 3)).ToList();
        return new TableSet { Workbook = workbook, Csv = Encoding.UTF8.GetBytes(csv.ToString()), Questions = picked };
    }

    private static string Cells(int row, params string[] values) =>
        string.Concat(values.Select((v, i) => Inline(((char)('A' + i)).ToString(), row, v)));

    private static string Inline(string column, int row, string value) =>
        $"<c r=\"{column}{row}\" t=\"inlineStr\"><is><t>{System.Security.SecurityElement.Escape(value)}</t></is></c>";
}
