using System.Globalization;
using System.Net.Http.Headers;
using System.Text;

namespace Zhiku.Bench.ServerLoad;

/// <summary>Uploads the sample folder, and a generated corpus in batches (the ingest that runs under load).</summary>
internal static class Uploader
{
    private static readonly string[] Topics = ["年假", "报销", "差旅", "试用期", "加班", "绩效", "培训", "保密", "采购", "合同"];

    public static async Task UploadFolderAsync(HttpClient http, string kb, string folder)
    {
        using var form = new MultipartFormDataContent();
        foreach (string file in Directory.EnumerateFiles(folder).Where(f => !Path.GetFileName(f).StartsWith('.')))
        {
            var part = new ByteArrayContent(await File.ReadAllBytesAsync(file));
            part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            form.Add(part, "file", Path.GetFileName(file));
        }

        (await http.PostAsync($"/api/kbs/{kb}/documents?wait=true", form)).EnsureSuccessStatusCode();
    }

    /// <summary>Uploads <paramref name="count"/> generated documents (about 6 KB each) in batches of 25 and waits for their jobs.</summary>
    public static async Task<(int Docs, long Bytes)> UploadGeneratedAsync(HttpClient http, string kb, int count, CancellationToken cancellationToken)
    {
        long bytes = 0;
        int docs = 0;
        for (int start = 0; start < count && !cancellationToken.IsCancellationRequested; start += 25)
        {
            using var form = new MultipartFormDataContent();
            for (int i = start; i < Math.Min(count, start + 25); i++)
            {
                byte[] content = Encoding.UTF8.GetBytes(Document(i));
                bytes += content.Length;
                docs++;
                var part = new ByteArrayContent(content);
                part.Headers.ContentType = new MediaTypeHeaderValue("text/markdown");
                form.Add(part, "file", $"policy-{i:D5}.md");
            }

            (await http.PostAsync($"/api/kbs/{kb}/documents?wait=true", form, cancellationToken)).EnsureSuccessStatusCode();
        }

        return (docs, bytes);
    }

    private static string Document(int i)
    {
        var random = new Random(i);
        var text = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"# 制度汇编第 {i} 号\n\n"));
        for (int section = 0; section < 6; section++)
        {
            string topic = Topics[random.Next(Topics.Length)];
            text.Append(CultureInfo.InvariantCulture, $"## {topic}规定 {section + 1}\n\n");
            for (int s = 0; s < 12; s++)
            {
                text.Append(CultureInfo.InvariantCulture,
                    $"第{section + 1}.{s + 1}条：部门{random.Next(1, 40)}的员工在{topic}事项上须于{random.Next(1, 31)}个工作日内提交申请，金额上限为{random.Next(1, 100) * 100}元，由编号 ZK-{i:D5}-{s} 的流程审批。");
            }

            text.Append("\n\n");
        }

        return text.ToString();
    }
}
