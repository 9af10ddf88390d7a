using SkiaSharp;

namespace Zhiku.SampleGenerator.Content;

/// <summary>
/// Paper notices that reach the knowledge base only as pictures: a stamped fire-safety notice scanned to an
/// image-only PDF (two pages), and a parking notice photographed with a phone (slightly rotated, blurred, grainy).
/// </summary>
internal static class ScannedNotices
{
    public const string PdfFileName = "扫描件-消防安全检查通知.pdf";

    public const string PhotoFileName = "照片-停车场管理通知.png";

    private const string FireTitle = "关于开展2025年春季消防安全检查的通知";

    private static readonly string[] FireParagraphs =
    [
        "各部门、各分公司：",
        "为落实消防安全责任制，预防火灾事故，行政部定于2025年4月14日至4月18日开展春季消防安全检查，现将有关事项通知如下。",
        "一、检查范围：杭州总部大楼全部楼层、研发实验室、一号仓库和员工食堂。",
        "二、检查内容：灭火器是否在有效期内，消防通道和安全出口是否畅通，应急照明和疏散指示标志是否完好，电气线路有无私拉乱接。",
        "三、消防演练定于2025年4月18日（星期五）下午3点举行，集合地点为总部大楼东侧广场，全体在岗员工须参加，演练时长约40分钟。",
        "四、各部门须在4月11日前指定一名消防安全联络员，并将名单报送行政部。",
        "五、检查中发现的隐患，责任部门须在7个工作日内完成整改，并将整改报告提交行政部备案。",
        "六、灭火器的检查标准为：压力表指针在绿色区域，瓶身无锈蚀，铅封完好，每具灭火器每月至少检查一次并填写检查记录。",
        "七、仓库内严禁吸烟和使用明火，易燃物品须存放在专用柜中，与电源保持1米以上距离。",
        "八、员工发现火情应立即拨打119报警，同时拨打公司安保值班电话0571-8800 6119，并按疏散指示有序撤离，不得乘坐电梯。",
        "联系人：行政部消防专员，分机号8119。",
        "特此通知。",
        "星河科技有限公司行政部",
        "2025年4月7日",
    ];

    private const string ParkingTitle = "地下停车场管理通知";

    private static readonly string[] ParkingParagraphs =
    [
        "为规范公司地下停车场秩序，现将有关规定通知如下：",
        "一、地下停车场共有车位120个，其中B1层为访客车位，B2层为员工固定车位。",
        "二、员工车辆须在行政部登记车牌后方可入场，每名员工限登记一辆车。",
        "三、访客车辆免费停放2小时，超过2小时按每小时5元收费。",
        "四、新能源车充电桩位于B2层东区，充电完成后请在30分钟内移走车辆。",
        "五、停车场开放时间为每天早上6点至晚上11点，夜间停放须提前申请。",
        "行政部",
        "2025年3月1日",
    ];

    /// <summary>The fire-safety notice as a two-page image-only PDF (200 dpi JPEG pages, a light scanner grain).</summary>
    public static byte[] BuildPdf(string fontPath)
    {
        var style = new PageStyle(fontPath, Dpi: 200, PointSize: 14, RotationDegrees: 0.4f, Noise: 6, Blur: 0.4f, Seed: 7);
        var pages = new List<byte[]>();
        IReadOnlyList<string> rest = FireParagraphs;
        string? title = FireTitle;
        while (rest.Count > 0)
        {
            // Two pages whatever the type size: the first holds the title and the first half.
            var half = title is null ? rest : rest.Take((rest.Count + 1) / 2).ToList();
            var (page, overflow) = PageRenderer.Render(title, half, style);
            using (page)
            {
                pages.Add(PageRenderer.Encode(page, SKEncodedImageFormat.Jpeg, 80));
            }

            rest = [.. overflow, .. rest.Skip(half.Count)];
            title = null;
        }

        return ImagePdfWriter.FromJpegs(pages);
    }

    /// <summary>The parking notice as a phone photo: 150 dpi, turned 1.5°, blurred and grainy.</summary>
    public static byte[] BuildPhoto(string fontPath)
    {
        var style = new PageStyle(fontPath, Dpi: 150, PointSize: 16, RotationDegrees: -1.5f, Noise: 10, Blur: 0.7f, Seed: 11);
        var (page, _) = PageRenderer.Render(ParkingTitle, ParkingParagraphs, style);
        using (page)
        {
            return PageRenderer.Encode(page, SKEncodedImageFormat.Png);
        }
    }
}
