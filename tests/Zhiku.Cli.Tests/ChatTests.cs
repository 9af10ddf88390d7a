using System.Diagnostics;

namespace Zhiku.Cli.Tests;

/// <summary>`zhiku chat` driven through standard input, with no model (extractive, key terms carried).</summary>
public sealed class ChatTests : IClassFixture<IngestedSamples>
{
    private readonly IngestedSamples samples;

    public ChatTests(IngestedSamples samples)
    {
        this.samples = samples;
    }

    [Fact]
    public async Task FollowUpQuestionsCarryThePreviousKeyTermsAndCommandsWork()
    {
        using Process process = samples.Cli.Start("chat");
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteLineAsync("年假怎么申请？");
        await process.StandardInput.WriteLineAsync("那试用期呢？");
        await process.StandardInput.WriteLineAsync("/sources");
        await process.StandardInput.WriteLineAsync("/kb no-such-kb");
        await process.StandardInput.WriteLineAsync("/reset");
        await process.StandardInput.WriteLineAsync("/exit");
        process.StandardInput.Close();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));

        string output = await stdout;
        Assert.Equal(0, process.ExitCode);
        Assert.Contains("检索", output); // the follow-up was rewritten into a standalone query
        Assert.Contains("试用期员工不享受带薪年假", output);
        Assert.Contains("[1]", output);
        Assert.Contains("history cleared", output);
        Assert.Contains("no-such-kb", await stderr);
    }
}
