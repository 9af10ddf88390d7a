using System.Net;
using System.Text;
using System.Text.Json;

namespace Zhiku.Server.Tests.Endpoints;

/// <summary>Uploads of the formats issue 14 added go through the same reader as the CLI: an email and its attachment.</summary>
public sealed class FormatUploadTests : IDisposable
{
    private readonly ServerFactory _server = new();

    [Fact]
    public async Task An_uploaded_email_and_its_attachment_become_documents_that_answer()
    {
        using HttpClient admin = _server.Client(await _server.AddUserAsync("admin", "admin"));
        await admin.PostJsonAsync("/api/kbs", new { name = "mail" }, HttpStatusCode.Created);
        string attachment = Convert.ToBase64String(Encoding.UTF8.GetBytes("型号,建议零售价\nZK-2024-009X,1200元\n"));
        string eml = $"""
            From: 王芳 <wangfang@example.com>
            To: sales@example.com
            Subject: 新品报价
            Date: Tue, 12 Mar 2024 09:30:00 +0800
            Message-ID: <quote-9@example.com>
            MIME-Version: 1.0
            Content-Type: multipart/mixed; boundary="b1"

            --b1
            Content-Type: text/plain; charset=utf-8

            附件是新品的报价单。
            --b1
            Content-Type: text/csv; name="报价单.csv"
            Content-Disposition: attachment; filename="报价单.csv"
            Content-Transfer-Encoding: base64

            {attachment}
            --b1--
            """.ReplaceLineEndings("\r\n");

        JsonElement job = await admin.UploadAsync("mail", [("新品报价.eml", eml)]);

        Assert.Equal("ingested", job.GetProperty("files")[0].GetProperty("status").GetString());
        JsonElement documents = (await admin.GetJsonAsync("/api/kbs/mail/documents")).GetProperty("documents");
        Assert.Equal(2, documents.GetArrayLength());
        Assert.Contains(documents.EnumerateArray(), d => d.GetProperty("title").GetString()!.Contains("新品报价", StringComparison.Ordinal)
            && d.GetProperty("title").GetString()!.Contains("报价单", StringComparison.Ordinal));
        JsonElement ask = await admin.PostJsonAsync("/api/kbs/mail/ask", new { question = "ZK-2024-009X 的建议零售价是多少？" });
        Assert.Contains("1200元", ask.GetProperty("answer").GetString(), StringComparison.Ordinal);
    }

    public void Dispose() => _server.Dispose();
}
