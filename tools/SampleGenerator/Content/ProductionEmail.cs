using MimeKit;

namespace Zhiku.SampleGenerator.Content;

/// <summary>An email about the production plan, replying to an earlier one, with the plan attached as a PDF.</summary>
internal static class ProductionEmail
{
    public const string FileName = "邮件-ZK-2024-002量产计划确认.eml";

    public static byte[] Build(byte[] font)
    {
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress("孙晓峰", "sunxiaofeng@xinghe-tech.example"));
        message.To.Add(new MailboxAddress("林振华", "linzhenhua@xinghe-tech.example"));
        message.Cc.Add(new MailboxAddress("黄志强", "huangzhiqiang@xinghe-tech.example"));
        message.Subject = "Re: ZK-2024-002 量产计划确认";
        message.Date = new DateTimeOffset(2025, 5, 20, 17, 45, 0, TimeSpan.FromHours(8));
        message.MessageId = "plan-20250520@xinghe-tech.example";

        var body = new TextPart("plain")
        {
            Text = """
                林总，您好：

                ZK-2024-002 工业AI质检一体机的量产计划已确认：6月16日正式量产，首批生产500台，由宁波工厂2号产线承担。主控芯片已锁定两家供应商，交期控制在10周以内。详细排期见附件《量产计划》。

                孙晓峰
                产品部

                在 2025年5月19日 周一 09:12，林振华 写道：
                > 请确认 ZK-2024-002 的量产日期和首批数量。
                > 谢谢。
                """,
        };

        var pdf = new PdfTextWriter();
        pdf.Heading("ZK-2024-002 工业AI质检一体机 量产计划", 16);
        pdf.Paragraph("量产日期：2025年6月16日。首批数量：500台。生产地点：宁波工厂2号产线。");
        pdf.Paragraph("爬坡计划：6月完成500台，7月1,200台，8月起每月2,000台。出厂检验抽检比例为每批5%，关键工序100%全检。");
        pdf.Paragraph("风险与对策：主控芯片采用双供应商，安全库存为四周用量；如交期超过10周，由采购部在48小时内启动替代料评审。");
        var attachment = new MimePart("application", "pdf")
        {
            Content = new MimeContent(new MemoryStream(pdf.Build(font, "ZK-2024-002 量产计划"))),
            ContentDisposition = new ContentDisposition(ContentDisposition.Attachment),
            ContentTransferEncoding = ContentEncoding.Base64,
            FileName = "量产计划-ZK-2024-002.pdf",
        };

        message.Body = new Multipart("mixed") { body, attachment };
        using var output = new MemoryStream();
        message.WriteTo(output);
        return output.ToArray();
    }
}
