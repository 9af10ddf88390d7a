using Microsoft.Playwright;

namespace Zhiku.Server.Tests.Browser;

/// <summary>
/// The web chat in a real browser (Debian's Chromium driven by Playwright; Playwright cannot download browsers
/// here) against a real server process: sign in, create a knowledge base, upload a document, ask, click a
/// citation and check the highlighted sentence. Screenshots go to artifacts/screenshots/. The browser tests run one
/// at a time (collection "Browser"): two servers and two browsers at once on a small machine make timeouts flaky.
/// </summary>
[Trait("Category", "Browser")]
[Collection("Browser")]
public sealed class WebChatBrowserTests
{
    private const string ChromiumPath = "/usr/bin/chromium";

    [Fact]
    public async Task Sign_in_upload_ask_and_open_a_cited_passage()
    {
        Assert.True(File.Exists(ChromiumPath),
            $"Chromium is missing at {ChromiumPath}: install it with `apt-get install -y chromium` (.ci/run does) / 缺少 Chromium");
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        using ServerProcess server = await ServerProcess.StartAsync("admin", "browser-test-pass");
        using IPlaywright playwright = await Playwright.CreateAsync();
        await using IBrowser browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-background-networking", "--disable-gpu", "--no-first-run", "--disable-component-update", "--disable-sync"],
        });
        IBrowserContext context = await browser.NewContextAsync(new BrowserNewContextOptions { Locale = "zh-CN", ViewportSize = new ViewportSize { Width = 1400, Height = 860 } });
        IPage page = await context.NewPageAsync();
        var consoleErrors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && !message.Text.Contains("status of 401", StringComparison.Ordinal))
            {
                consoleErrors.Add(message.Text);
            }
        };

        await page.GotoAsync(server.BaseUrl + "/");
        await page.FillAsync("#login-user", "admin");
        await page.FillAsync("#login-password", "wrong-password");
        await page.ClickAsync("#login-form button[type=submit]");
        await Assertions.Expect(page.Locator("#login-error")).ToContainTextAsync("错误");
        await page.FillAsync("#login-password", "browser-test-pass");
        await page.ClickAsync("#login-form button[type=submit]");
        await Assertions.Expect(page.Locator("#app")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#tab-chat")).ToHaveTextAsync("问答");

        // Manage: create a knowledge base and upload the handbook with a progress bar.
        await page.ClickAsync("#tab-manage");
        await page.FillAsync("#kb-name", "handbook");
        await page.ClickAsync("#kb-form button[type=submit]");
        await Assertions.Expect(page.Locator("#kb-rows")).ToContainTextAsync("handbook");
        string sample = Path.Combine(AppContext.BaseDirectory, "browser-handbook.md");
        await File.WriteAllTextAsync(sample, Corpus.Public);
        await page.SetInputFilesAsync("#upload-files", sample);
        await page.ClickAsync("#upload-form button[type=submit]");
        await Assertions.Expect(page.Locator(".upload-item .bar.done")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await Assertions.Expect(page.Locator("#doc-rows")).ToContainTextAsync("已索引", new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("#access-owner")).ToContainTextAsync("admin");

        // Chat: ask, get a streamed answer with a citation chip, open the source passage.
        await page.ClickAsync("#tab-chat");
        await page.FillAsync("#question", "试用期员工可以休年假吗？");
        await page.PressAsync("#question", "Enter");
        ILocator chip = page.Locator(".msg.assistant .answer-text .chip").First;
        await Assertions.Expect(chip).ToBeVisibleAsync(new() { Timeout = 30_000 });
        string answer = await page.Locator(".msg.assistant .answer-text").First.InnerTextAsync();
        Assert.Contains("试用期员工不享受带薪年假", answer, StringComparison.Ordinal);
        await chip.ClickAsync();
        ILocator highlight = page.Locator("#source-highlight");
        await Assertions.Expect(highlight).ToBeVisibleAsync();
        string highlighted = await highlight.InnerTextAsync();
        Assert.Contains("试用期员工不享受带薪年假", highlighted, StringComparison.Ordinal);
        Assert.StartsWith("/api/kbs/handbook/documents/", await page.Locator("#source-link").GetAttributeAsync("href"), StringComparison.Ordinal);
        await Assertions.Expect(page.Locator("#history-list li")).ToHaveCountAsync(1);

        string folder = ArtifactsFolder();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, "web-chat.png") });

        // The original document opens from the link, with the same cookie.
        IAPIResponse original = await page.APIRequest.GetAsync(server.BaseUrl + await page.Locator("#source-link").GetAttributeAsync("href"));
        Assert.Equal(200, original.Status);

        // English, switched from the header.
        await page.ClickAsync("header [data-lang-toggle]");
        await Assertions.Expect(page.Locator("#tab-chat")).ToHaveTextAsync("Chat");
        await page.ClickAsync("#tab-manage");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, "web-manage.png") });
        Assert.Empty(consoleErrors);
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
}
