using System.Text;
using Zhiku.Core.Documents;

namespace Zhiku.Core.Tests.Documents;

public sealed class EmailParserTests
{
    private const string Reply = """
        From: 王芳 <wangfang@example.com>
        To: 张伟 <zhangwei@example.com>, sales@example.com
        Cc: 李娜 <lina@example.com>
        Date: Tue, 12 Mar 2024 09:30:00 +0800
        Subject: Re: 星河网关报价确认
        Message-ID: <reply-1@example.com>
        MIME-Version: 1.0
        Content-Type: multipart/mixed; boundary="b1"

        --b1
        Content-Type: text/plain; charset=utf-8
        Content-Transfer-Encoding: 8bit

        张伟你好，ZK-2024-001P 的建议零售价确认为 8,600元。

        On Mon, 11 Mar 2024 at 18:00, 张伟 <zhangwei@example.com> wrote:
        > 请确认 ZK-2024-001P 的价格。
        > 谢谢
        --b1
        Content-Type: text/csv; name="报价单.csv"
        Content-Disposition: attachment; filename="报价单.csv"
        Content-Transfer-Encoding: base64

        {0}
        --b1--
        """;

    private static byte[] ReplyWithAttachment() => Encoding.UTF8.GetBytes(Reply.Replace("{0}",
        Convert.ToBase64String(Encoding.UTF8.GetBytes("型号,价格\nZK-2024-009X,1200元\n")), StringComparison.Ordinal).ReplaceLineEndings("\r\n"));

    [Fact]
    public async Task A_message_keeps_subject_people_and_date_and_drops_the_quoted_history()
    {
        var documents = await ParseAssert.ReadAsync("reply.eml", ReplyWithAttachment());

        var message = documents[0];
        Assert.Equal("email", message.Format);
        Assert.Equal("Re: 星河网关报价确认", message.Title);
        Assert.Contains("王芳", message.Text, StringComparison.Ordinal);
        Assert.Contains("zhangwei@example.com", message.Text, StringComparison.Ordinal);
        Assert.Contains("李娜", message.Text, StringComparison.Ordinal);
        Assert.Contains("2024-03-12 09:30 +08:00", message.Text, StringComparison.Ordinal);
        Assert.Contains("8,600元", message.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("请确认", message.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("wrote:", message.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_attachment_is_a_document_of_its_own_named_after_its_message()
    {
        var documents = await ParseAssert.ReadAsync("reply.eml", ReplyWithAttachment());

        Assert.Equal(2, documents.Count);
        var attachment = documents[1];
        Assert.Equal("csv", attachment.Format);
        Assert.Contains("报价单", attachment.Title, StringComparison.Ordinal);
        Assert.Contains("Re: 星河网关报价确认", attachment.Title, StringComparison.Ordinal);
        Assert.Equal("reply-1@example.com/报价单.csv", attachment.ExternalId);
        Assert.Contains("型号: ZK-2024-009X; 价格: 1200元", attachment.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_html_body_is_read_as_text_without_its_blockquote()
    {
        var eml = """
            From: hr@example.com
            To: all@example.com
            Subject: 年会通知
            Date: Fri, 5 Jan 2024 10:00:00 +0800
            MIME-Version: 1.0
            Content-Type: text/html; charset=utf-8

            <html><body><p>年会定于<b>1月26日</b>在国际会议中心举行。</p><blockquote>上一封邮件：请报名</blockquote></body></html>
            """.ReplaceLineEndings("\r\n");

        var message = await ParseAssert.ReadOneAsync("notice.eml", Encoding.UTF8.GetBytes(eml));

        Assert.Contains("年会定于1月26日在国际会议中心举行。", message.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>", message.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("请报名", message.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_mailbox_gives_one_document_per_message()
    {
        var mbox = """
            From alice@example.com Mon Mar 11 10:00:00 2024
            From: alice@example.com
            Subject: 第一封
            Message-ID: <m1@example.com>

            内容一。

            From bob@example.com Mon Mar 11 11:00:00 2024
            From: bob@example.com
            Subject: 第二封
            Message-ID: <m2@example.com>

            内容二。

            """;

        var documents = await ParseAssert.ReadAsync("box.mbox", Encoding.UTF8.GetBytes(mbox));

        Assert.Equal(["第一封", "第二封"], documents.Select(d => d.Title));
        Assert.Equal("m2@example.com", documents[1].ExternalId);
    }

    [Fact]
    public async Task A_file_that_is_not_a_mailbox_is_refused_with_one_line()
    {
        var error = await ParseAssert.FailsAsync("broken.mbox", Encoding.UTF8.GetBytes("这不是邮箱文件\n只是一些文字\n"));

        Assert.Contains("mbox", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }
}
