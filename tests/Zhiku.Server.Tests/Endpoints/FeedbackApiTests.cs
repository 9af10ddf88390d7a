using System.Net;
using System.Text.Json;

namespace Zhiku.Server.Tests.Endpoints;

/// <summary>Ratings of answers are stored per answer and read by the knowledge base's owner only.</summary>
public sealed class FeedbackApiTests : IAsyncLifetime
{
    private readonly ServerFactory _server = new();
    private HttpClient _owner = null!;
    private HttpClient _reader = null!;

    public async Task InitializeAsync()
    {
        _owner = _server.Client(await _server.AddUserAsync("olivia", "editor"));
        _reader = _server.Client(await _server.AddUserAsync("rita", "reader"));
        await _owner.PostJsonAsync("/api/kbs", new { name = "hr" }, HttpStatusCode.Created);
        await _owner.PutAsync("/api/kbs/hr/access", Api.Json(new { user = "rita", role = "reader" }));
        await _owner.UploadAsync("hr", [(Corpus.PublicName, Corpus.Public)]);
    }

    public Task DisposeAsync()
    {
        _server.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_reader_rates_answers_and_only_the_owner_reads_the_ratings()
    {
        JsonElement up = await _reader.PostJsonAsync("/api/kbs/hr/feedback",
            new { rating = "up", question = "试用期可以休年假吗？", answer = "试用期员工不享受带薪年假。[1]" }, HttpStatusCode.Created);
        JsonElement down = await _reader.PostJsonAsync("/api/kbs/hr/feedback",
            new { rating = "down", question = "报销期限？", answer = "三十天内。[1]", comment = "没说从哪天算起" }, HttpStatusCode.Created);
        long downId = down.GetProperty("id").GetInt64();
        Assert.NotEqual(up.GetProperty("id").GetInt64(), downId);

        JsonElement changed = await _reader.PostJsonAsync("/api/kbs/hr/feedback", new { id = downId, rating = "up", comment = "其实够用" });
        Assert.Equal("up", changed.GetProperty("rating").GetString());

        await _reader.GetJsonAsync("/api/kbs/hr/feedback", HttpStatusCode.Forbidden);
        JsonElement list = await _owner.GetJsonAsync("/api/kbs/hr/feedback");
        var rows = list.GetProperty("feedback").EnumerateArray().ToList();
        Assert.Equal(2, rows.Count);
        Assert.Equal("rita", rows[0].GetProperty("user").GetString());
        Assert.Equal("报销期限？", rows[0].GetProperty("question").GetString());
        Assert.Equal("其实够用", rows[0].GetProperty("comment").GetString());
        Assert.Equal("up", rows[0].GetProperty("rating").GetString());
        Assert.Equal("试用期员工不享受带薪年假。[1]", rows[1].GetProperty("answer").GetString());
        Assert.Equal(JsonValueKind.Null, rows[1].GetProperty("comment").ValueKind);
    }

    [Fact]
    public async Task Bad_ratings_are_one_line_errors_and_others_cannot_change_a_rating()
    {
        JsonElement bad = await _reader.PostJsonAsync("/api/kbs/hr/feedback", new { rating = "meh", question = "q", answer = "a" }, HttpStatusCode.BadRequest);
        Assert.Contains("rating", bad.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await _reader.PostJsonAsync("/api/kbs/hr/feedback", new { rating = "up", answer = "a" }, HttpStatusCode.BadRequest);

        JsonElement mine = await _reader.PostJsonAsync("/api/kbs/hr/feedback", new { rating = "down", question = "q", answer = "a" }, HttpStatusCode.Created);
        await _owner.PostJsonAsync("/api/kbs/hr/feedback", new { id = mine.GetProperty("id").GetInt64(), rating = "up" }, HttpStatusCode.NotFound);
        using HttpClient stranger = _server.Client(await _server.AddUserAsync("sam", "reader"));
        await stranger.PostJsonAsync("/api/kbs/hr/feedback", new { rating = "up", question = "q", answer = "a" }, HttpStatusCode.NotFound);
        JsonElement list = await _owner.GetJsonAsync("/api/kbs/hr/feedback");
        Assert.Equal("down", list.GetProperty("feedback")[0].GetProperty("rating").GetString());
    }
}
