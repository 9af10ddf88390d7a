using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Zhiku.Server.Tests;

/// <summary>Small HTTP helpers for the tests.</summary>
public static class Api
{
    public static StringContent Json(object body) =>
        new(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");

    public static StringContent RawJson(string body) => new(body, Encoding.UTF8, "application/json");

    public static async Task<JsonElement> ReadJsonAsync(this HttpResponseMessage response)
    {
        string text = await response.Content.ReadAsStringAsync();
        try
        {
            return JsonDocument.Parse(text).RootElement.Clone();
        }
        catch (JsonException)
        {
            throw new Xunit.Sdk.XunitException($"not JSON ({(int)response.StatusCode}): {text}");
        }
    }

    public static async Task<JsonElement> PostJsonAsync(this HttpClient client, string url, object body, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using HttpResponseMessage response = await client.PostAsync(url, Json(body));
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"POST {url}: expected {expected}, got {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    public static async Task<JsonElement> GetJsonAsync(this HttpClient client, string url, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using HttpResponseMessage response = await client.GetAsync(url);
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"GET {url}: expected {expected}, got {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Uploads files (name, content) in one multipart request and waits for the job to finish.</summary>
    public static async Task<JsonElement> UploadAsync(this HttpClient client, string kb, IEnumerable<(string Name, string Content)> files, string? groups = null, bool wait = true)
    {
        using var form = new MultipartFormDataContent();
        foreach ((string name, string content) in files)
        {
            var part = new ByteArrayContent(Encoding.UTF8.GetBytes(content));
            part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            form.Add(part, "file", name);
        }

        if (groups is not null)
        {
            form.Add(new StringContent(groups), "groups");
        }

        using HttpResponseMessage response = await client.PostAsync($"/api/kbs/{Uri.EscapeDataString(kb)}/documents" + (wait ? "?wait=true" : ""), form);
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == (wait ? HttpStatusCode.OK : HttpStatusCode.Accepted), $"upload: {(int)response.StatusCode} {text}");
        JsonElement job = JsonDocument.Parse(text).RootElement.Clone();
        if (wait)
        {
            Assert.Equal("completed", job.GetProperty("status").GetString());
        }

        return job;
    }

    /// <summary>Reads a text/event-stream body into (event, data) pairs.</summary>
    public static List<(string Event, string Data)> ParseSse(string body)
    {
        var events = new List<(string, string)>();
        foreach (string block in body.Replace("\r\n", "\n").Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            string name = "message";
            var data = new StringBuilder();
            foreach (string line in block.Split('\n'))
            {
                if (line.StartsWith("event: ", StringComparison.Ordinal))
                {
                    name = line[7..];
                }
                else if (line.StartsWith("data: ", StringComparison.Ordinal))
                {
                    data.Append(line[6..]);
                }
            }

            events.Add((name, data.ToString()));
        }

        return events;
    }
}
