using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Zhiku.TestSupport;

namespace Zhiku.Server.Tests.Jobs;

/// <summary>A photographed notice uploaded through the API is read by OCR; the document list says so.</summary>
public sealed class ScannedUploadTests
{
    [Fact]
    public async Task An_uploaded_photo_is_ocrd_searchable_and_listed_with_its_pages()
    {
        _ = OcrModels.Folder; // installs the models if needed and points ZHIKU_MODELS at them
        using var server = new ServerFactory();
        using HttpClient admin = server.Client(await server.AddUserAsync("admin", "admin"));
        await admin.PostJsonAsync("/api/kbs", new { name = "notices" }, HttpStatusCode.Created);
        string photo = Path.Combine(RepoRoot(), "samples", "照片-停车场管理通知.png");

        using var form = new MultipartFormDataContent();
        var part = new ByteArrayContent(await File.ReadAllBytesAsync(photo));
        part.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        form.Add(part, "file", Path.GetFileName(photo));
        using HttpResponseMessage upload = await admin.PostAsync("/api/kbs/notices/documents?wait=true", form);
        string body = await upload.Content.ReadAsStringAsync();
        Assert.True(upload.StatusCode == HttpStatusCode.OK, body);
        Assert.Equal("completed", JsonDocument.Parse(body).RootElement.GetProperty("status").GetString());

        JsonElement document = (await admin.GetJsonAsync("/api/kbs/notices/documents")).GetProperty("documents")[0];
        Assert.Equal("image", document.GetProperty("format").GetString());
        Assert.Equal(1, document.GetProperty("pages").GetProperty("ocr").GetInt32());

        JsonElement hit = (await admin.PostJsonAsync("/api/kbs/notices/search", new { query = "访客车辆 免费停放", top = 1 })).GetProperty("results")[0];
        Assert.Contains("免费停放2小时", hit.GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Zhiku.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("the repository root (Zhiku.slnx) was not found above the test folder");
    }
}
