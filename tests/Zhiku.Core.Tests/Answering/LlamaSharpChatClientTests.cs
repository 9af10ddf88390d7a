using Microsoft.Extensions.AI;
using Zhiku.Core.Answering;
using Zhiku.Core.Answering.Clients;
using Zhiku.Core.Configuration;

namespace Zhiku.Core.Tests.Answering;

public sealed class LlamaSharpChatClientTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("zhiku-llama-");

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public void Native_library_loads_on_this_machine()
    {
        Assert.Null(LlamaNativeLibrary.LoadProblem);
        LlamaNativeLibrary.EnsureLoaded();
    }

    [Fact]
    public async Task Missing_model_file_gives_a_clear_error_naming_the_path()
    {
        string path = Path.Combine(_dir.FullName, "absent.gguf");
        using var client = new LlamaSharpChatClient(new LlmProviderSettings("local", LlmProviderKind.LlamaSharp, path));

        var ex = await Assert.ThrowsAsync<LlmProviderException>(() => client.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")]));

        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", ex.Message, StringComparison.Ordinal);
        Assert.Contains("不存在", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Garbage_file_named_gguf_gives_a_clear_error()
    {
        string path = Path.Combine(_dir.FullName, "garbage.gguf");
        await File.WriteAllBytesAsync(path, Enumerable.Range(0, 4096).Select(i => (byte)(i * 7)).ToArray());
        using var client = new LlamaSharpChatClient(new LlmProviderSettings("local", LlmProviderKind.LlamaSharp, path));

        var ex = await Assert.ThrowsAsync<LlmProviderException>(() => client.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")]));

        Assert.Contains("not a GGUF model", ex.Message, StringComparison.Ordinal);
        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Truncated_gguf_with_valid_magic_is_refused_by_llama_cpp_as_a_clear_error()
    {
        string path = Path.Combine(_dir.FullName, "truncated.gguf");
        byte[] bytes = new byte[64];
        "GGUF"u8.CopyTo(bytes);
        bytes[4] = 3; // version 3, then zero tensors/metadata counts and nothing else
        await File.WriteAllBytesAsync(path, bytes);
        using var client = new LlamaSharpChatClient(new LlmProviderSettings("local", LlmProviderKind.LlamaSharp, path));

        var ex = await Assert.ThrowsAsync<LlmProviderException>(() => client.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")]));

        Assert.Contains("could not be loaded", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Answerer_turns_a_missing_local_model_into_a_fallback_notice()
    {
        string path = Path.Combine(_dir.FullName, "absent.gguf");
        using IChatClient client = LlmClientFactory.CreateChatClient(new LlmProviderSettings("local", LlmProviderKind.LlamaSharp, path) { IsLocal = true });
        var answerer = new LlmAnswerer(client, new LlmAnswerOptions());

        LlmAnswer answer = await answerer.AnswerAsync("年假有几天？", [new SourcePassage(1, "员工每年享有5天带薪年假。")]);

        Assert.Equal(LlmAnswerStatus.Failed, answer.Status);
        Assert.Equal(LlmFailureKind.ModelUnavailable, answer.Failure);
        Assert.Contains(path, answer.Notice, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', answer.Notice!);
    }
}
