using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace Zhiku.Bench.ServerLoad;

/// <summary>Runs concurrent clients for a fixed time; each alternates a search and a chat completion.</summary>
internal sealed class LoadRunner(HttpClient http, int clients)
{
    private static readonly string[] Questions =
    [
        "试用期员工可以休年假吗？", "差旅费用报销的期限是多久？", "How many days do I have to submit a travel claim?",
        "春节放假安排是怎样的？", "网关的默认管理地址是什么？", "报销 期限", "加班 审批", "年假 天数",
    ];

    public async Task<Report> RunAsync(TimeSpan duration, CancellationToken cancellationToken)
    {
        var report = new Report();
        var clock = Stopwatch.StartNew();
        var tasks = Enumerable.Range(0, clients).Select(async client =>
        {
            int n = client;
            while (clock.Elapsed < duration && !cancellationToken.IsCancellationRequested)
            {
                string question = Questions[n++ % Questions.Length];
                bool search = n % 2 == 0;
                object body = search
                    ? new { query = question, top = 10 }
                    : new { model = "zhiku/bench", messages = new[] { new { role = "user", content = question } } };
                string url = search ? "/api/kbs/bench/search" : "/v1/chat/completions";
                long start = Stopwatch.GetTimestamp();
                bool ok;
                try
                {
                    using var content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
                    using HttpResponseMessage response = await http.PostAsync(url, content, cancellationToken);
                    await response.Content.ReadAsByteArrayAsync(cancellationToken);
                    ok = response.IsSuccessStatusCode;
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                    ok = false;
                }

                report.Add(search ? "search" : "chat/completions", Stopwatch.GetElapsedTime(start).TotalMilliseconds, ok);
            }
        });
        await Task.WhenAll(tasks);
        report.Elapsed = clock.Elapsed;
        return report;
    }
}
