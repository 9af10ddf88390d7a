using System.Text;

namespace Zhiku.SampleGenerator.Content;

/// <summary>An administrative notice saved as GBK with Windows line endings, as Notepad on a Chinese Windows does.</summary>
internal static class AdminNotice
{
    public const string FileName = "行政通知-2025年春节放假安排.txt";

    private const string Text = """
        星河科技有限公司行政通知

        星河行字〔2025〕3号

        关于2025年春节放假安排及节前安全检查的通知

        各部门、各分公司：

        根据国务院办公厅关于2025年部分节假日安排的通知，结合公司实际情况，现将2025年春节放假安排通知如下：

        一、放假时间：2025年1月28日（农历除夕）至2月4日（正月初七）放假调休，共8天。1月26日（星期日）、2月8日（星期六）正常上班。

        二、公司在法定假期之外，额外给予全体员工1天春节福利假，员工可在2025年1月27日或2月5日中任选一天使用，须于1月20日前在OA系统中提交申请，未申请的视为放弃。

        三、放假期间，各部门须安排值班人员，值班表请于1月22日前报送行政部。值班期间按国家规定支付加班工资：1月28日至1月31日为法定节假日，按日工资的300%支付；其余休息日值班优先安排补休，无法安排补休的按200%支付。

        四、节前安全检查：各部门负责人于1月24日下班前完成本部门的安全检查，重点检查电源、门窗、消防器材和贵重物品。离开办公室前请关闭电脑、饮水机、空调和照明电源。研发实验室和仓库由部门负责人签字确认后上锁。

        五、春节期间，杭州总部大楼门禁系统正常运行，确需返岗加班的员工须提前一天通过OA系统提交加班申请，经部门负责人审批后方可进入。

        六、放假前最后一个工作日（1月27日）下午3点起，各部门可自行组织年终总结，公司年会定于1月17日（星期五）晚6点在杭州西湖国际会议中心举行。

        七、春运期间出行人员较多，请员工合理安排行程，注意人身与财产安全。返程车票或机票如需报销，按《差旅管理办法》中探亲交通补贴的相关规定执行。

        如有疑问，请联系行政部吴静，电话：0571-8866 1234，邮箱：admin@xinghe-tech.example.cn。

        特此通知。

        星河科技有限公司行政部
        2025年1月10日
        """;

    public static byte[] Build()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

        // GBK (code page 936), CRLF line endings, no byte order mark.
        return Encoding.GetEncoding(936).GetBytes(Text.ReplaceLineEndings("\r\n") + "\r\n");
    }
}
