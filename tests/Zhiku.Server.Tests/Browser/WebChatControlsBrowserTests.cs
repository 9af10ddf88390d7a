using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Zhiku.TestSupport;

namespace Zhiku.Server.Tests.Browser;

/// <summary>
/// The web chat's controls in a real browser against a real server process whose model is a scripted loopback
/// fake: Markdown answers with the unsupported badge, copy, regenerate, thumbs and comment stored for the owner,
/// stop while streaming, 'default' chosen first, the paged and searchable document list, a rejected upload shown
/// failed with its reason, and a reader with nothing shared told so. Screenshots go to artifacts/screenshots/.
/// </summary>
[Trait("Category", "Browser")]
[Collection("Browser")]
public sealed partial class WebChatControlsBrowserTests
{
    private const string ChromiumPath = "/usr/bin/chromium";
    private const string Question = "试用期员工可以休年假吗？";

    [Fact]
    public async Task Markdown_copy_regenerate_feedback_stop_and_the_document_list()
    {
        Assert.True(File.Exists(ChromiumPath),
            $"Chromium is missing at {ChromiumPath}: install it with `apt-get install -y chromium` (.ci/run does) / 缺少 Chromium");
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        await using FakeOpenAIServer model = await FakeOpenAIServer.StartAsync();
        FakeReply current = FakeReply.Text("**试用期员工**不享受带薪年假。[1]\n\n- 公司每年组织全体员工去火星旅行。");
        // Prompts with numbered sources get the scripted answer; anything else (a follow-up rewrite) the question itself.
        model.Responder = request => SourceLine().IsMatch(request.MessageText) ? current : FakeReply.Text(Question);
        using ServerProcess server = await ServerProcess.StartAsync("admin", "browser-test-pass", $$"""
            { "llm": { "providers": [ { "name": "local", "kind": "openai", "base_url": "{{model.BaseUrl}}", "model": "fake", "local": true } ] } }
            """);
        using IPlaywright playwright = await Playwright.CreateAsync();
        await using IBrowser browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-background-networking", "--disable-gpu", "--no-first-run", "--disable-component-update", "--disable-sync"],
        });
        IBrowserContext context = await browser.NewContextAsync(new BrowserNewContextOptions { Locale = "zh-CN", ViewportSize = new ViewportSize { Width = 1400, Height = 860 } });
        await context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"], new() { Origin = server.BaseUrl });
        IPage page = await context.NewPageAsync();
        await SignInAsync(page, server, "admin", "browser-test-pass");

        // Two knowledge bases made through the API: 'default' is chosen first although 'alpha' sorts before it.
        IAPIRequestContext api = page.APIRequest;
        foreach (string name in new[] { "alpha", "default" })
        {
            Assert.Equal(201, (await api.PostAsync(server.BaseUrl + "/api/kbs", new() { DataObject = new { name } })).Status);
        }

        IFormData files = context.APIRequest.CreateFormData();
        files.Append("file", new FilePayload { Name = "handbook.md", MimeType = "text/markdown", Buffer = System.Text.Encoding.UTF8.GetBytes(Corpus.Public) });
        for (int i = 1; i <= 24; i++)
        {
            files.Append("file", new FilePayload { Name = $"note{i:00}.md", MimeType = "text/markdown", Buffer = System.Text.Encoding.UTF8.GetBytes($"# 会议纪要 {i}\n\n第{i}次例会讨论了预算。\n") });
        }

        Assert.Equal(200, (await api.PostAsync(server.BaseUrl + "/api/kbs/default/documents?wait=true", new() { Multipart = files, Timeout = 120_000 })).Status);
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("#app")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("#kb-select")).ToHaveValueAsync("default");

        // Manage: the list is paged (20 a page) and searchable; a rejected file is a failed row with its reason.
        await page.ClickAsync("#tab-manage");
        await Assertions.Expect(page.Locator("#doc-page-info")).ToHaveTextAsync("第 1–20 条，共 25 条");
        await Assertions.Expect(page.Locator("#doc-rows tr")).ToHaveCountAsync(20);
        await page.ClickAsync("#doc-next");
        await Assertions.Expect(page.Locator("#doc-page-info")).ToHaveTextAsync("第 21–25 条，共 25 条");
        await Assertions.Expect(page.Locator("#doc-rows tr")).ToHaveCountAsync(5);
        await page.FillAsync("#doc-search", "员工手册");
        await Assertions.Expect(page.Locator("#doc-rows tr")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#doc-page-info")).ToHaveTextAsync("第 1–1 条，共 1 条");
        string picture = Path.Combine(AppContext.BaseDirectory, "browser-picture.png");
        await File.WriteAllTextAsync(picture, "not really a picture");
        await page.SetInputFilesAsync("#upload-files", picture);
        await page.ClickAsync("#upload-form button[type=submit]");
        ILocator failedRow = page.Locator(".upload-item").First;
        await Assertions.Expect(failedRow.Locator(".status")).ToHaveTextAsync("失败", new() { Timeout = 60_000 });
        await Assertions.Expect(failedRow.Locator(".upload-reason")).ToContainTextAsync("browser-picture.png");
        Assert.Equal(0, await page.Locator(".toast").CountAsync());
        string folder = ArtifactsFolder();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, "web-documents.png") });

        // Chat: the model's Markdown is rendered, and its invented sentence carries the badge.
        await page.ClickAsync("#tab-chat");
        await page.FillAsync("#question", Question);
        await page.PressAsync("#question", "Enter");
        ILocator answer = page.Locator(".msg.assistant .answer-text").First;
        await Assertions.Expect(answer.Locator("strong")).ToHaveTextAsync("试用期员工", new() { Timeout = 30_000 });
        await Assertions.Expect(answer.Locator("li")).ToContainTextAsync("火星旅行");
        await Assertions.Expect(answer.Locator("li .badge-unsupported")).ToHaveTextAsync("未在资料中找到依据");
        await Assertions.Expect(answer.Locator("p .chip")).ToHaveTextAsync("1");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, "web-chat-markdown.png") });

        // Copy puts the answer on the clipboard.
        ILocator actions = page.Locator(".msg.assistant .answer-actions").First;
        await actions.Locator(".copy").ClickAsync();
        await Assertions.Expect(actions.Locator(".copy")).ToHaveTextAsync("已复制");
        string copied = await page.EvaluateAsync<string>("navigator.clipboard.readText()");
        Assert.Contains("试用期员工", copied, StringComparison.Ordinal);

        // Thumbs down with a comment: stored, and the owner reads it through the API.
        await actions.Locator(".rate.down").ClickAsync();
        await Assertions.Expect(actions.Locator(".rate.down")).ToHaveClassAsync(new Regex("active"));
        await actions.Locator(".feedback-comment").FillAsync("火星旅行是编的");
        await actions.Locator(".feedback-send").ClickAsync();
        await Assertions.Expect(actions.Locator(".feedback-status")).ToHaveTextAsync("谢谢，已保存。");
        JsonElement feedback = JsonDocument.Parse(await (await api.GetAsync(server.BaseUrl + "/api/kbs/default/feedback")).TextAsync()).RootElement.GetProperty("feedback");
        Assert.Equal(1, feedback.GetArrayLength());
        Assert.Equal("down", feedback[0].GetProperty("rating").GetString());
        Assert.Equal("火星旅行是编的", feedback[0].GetProperty("comment").GetString());
        Assert.Equal(Question, feedback[0].GetProperty("question").GetString());

        // Regenerate replaces the answer in place.
        current = FakeReply.Text("试用期员工不享受带薪年假，转正后按剩余日历天数折算。[1]");
        await actions.Locator(".regenerate").ClickAsync();
        await Assertions.Expect(answer).ToContainTextAsync("转正后按剩余日历天数折算", new() { Timeout = 30_000 });
        await Assertions.Expect(answer.Locator(".badge-unsupported")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator(".msg.assistant")).ToHaveCountAsync(1);

        // Stop while streaming: the model sends a first part and stalls; Stop ends it and the composer is back.
        current = FakeReply.StallAfter("试用期员工");
        await page.ClickAsync("#new-chat");
        await page.FillAsync("#question", Question);
        await page.PressAsync("#question", "Enter");
        await Assertions.Expect(page.Locator("#stop")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".msg.assistant .answer-text").First).ToContainTextAsync("试用期员工", new() { Timeout = 30_000 });
        await page.ClickAsync("#stop");
        await Assertions.Expect(page.Locator(".msg.assistant .stopped")).ToHaveTextAsync("已停止。");
        await Assertions.Expect(page.Locator("#send")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#stop")).ToBeHiddenAsync();

        // A reader nothing is shared with is told so, not asked to create a knowledge base.
        Assert.Equal(201, (await api.PostAsync(server.BaseUrl + "/api/users", new() { DataObject = new { name = "rita", role = "reader", password = "reader-pass-123" } })).Status);
        IBrowserContext readerContext = await browser.NewContextAsync(new BrowserNewContextOptions { Locale = "zh-CN", ViewportSize = new ViewportSize { Width = 1400, Height = 860 } });
        IPage reader = await readerContext.NewPageAsync();
        await SignInAsync(reader, server, "rita", "reader-pass-123");
        await Assertions.Expect(reader.Locator("#empty-chat")).ToContainTextAsync("还没有人与您共享知识库");
        await Assertions.Expect(reader.Locator("#composer")).ToBeHiddenAsync();
        await reader.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, "web-nothing-shared.png") });
    }

    private static async Task SignInAsync(IPage page, ServerProcess server, string user, string password)
    {
        await page.GotoAsync(server.BaseUrl + "/");
        await page.FillAsync("#login-user", user);
        await page.FillAsync("#login-password", password);
        await page.ClickAsync("#login-form button[type=submit]");
        // Password hashing is deliberately slow, and slower still on a busy machine.
        await Assertions.Expect(page.Locator("#app")).ToBeVisibleAsync(new() { Timeout = 30_000 });
    }

    private static string ArtifactsFolder()
    {
        DirectoryInfo? dir = new(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Zhiku.slnx")))
        {
            dir = dir.Parent;
        }

        string folder = Path.Combine(dir?.FullName ?? AppContext.BaseDirectory, "artifacts", "screenshots");
        Directory.CreateDirectory(folder);
        return folder;
    }

    [GeneratedRegex(@"^\[1\]", RegexOptions.Multiline)]
    private static partial Regex SourceLine();
}
