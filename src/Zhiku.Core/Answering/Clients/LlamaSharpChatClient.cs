using System.Runtime.CompilerServices;
using LLama;
using LLama.Abstractions;
using LLama.Common;
using LLama.Exceptions;
using LLama.Transformers;
using Microsoft.Extensions.AI;
using Zhiku.Core.Configuration;

namespace Zhiku.Core.Answering.Clients;

/// <summary>
/// A local GGUF model run in-process on the CPU through LLamaSharp, behind <see cref="IChatClient"/>. The model
/// is loaded on the first request (not at construction, so configuring one costs nothing until it is used) and
/// formatted with the model's own chat template. Each request is stateless: the prompt carries all context.
/// </summary>
public sealed class LlamaSharpChatClient : IChatClient
{
    private static readonly byte[] GgufMagic = "GGUF"u8.ToArray();

    private readonly LlmProviderSettings _settings;
    private readonly SemaphoreSlim _loadLock = new(1, 1);
    private LLamaWeights? _weights;
    private IChatClient? _inner;

    public LlamaSharpChatClient(LlmProviderSettings settings)
    {
        _settings = settings;
        Metadata = new ChatClientMetadata("llamasharp", defaultModelId: Path.GetFileName(settings.Model));
    }

    /// <summary>Describes the client: provider "llamasharp", model id the GGUF file name.</summary>
    public ChatClientMetadata Metadata { get; }

    /// <inheritdoc/>
    /// <exception cref="LlmProviderException">The model file is missing or not a GGUF model, or the native library cannot load.</exception>
    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        IChatClient inner = await LoadAsync(cancellationToken).ConfigureAwait(false);
        return await inner.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        IChatClient inner = await LoadAsync(cancellationToken).ConfigureAwait(false);
        await foreach (ChatResponseUpdate update in inner.GetStreamingResponseAsync(messages, options, cancellationToken).ConfigureAwait(false))
        {
            yield return update;
        }
    }

    /// <inheritdoc/>
    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType == typeof(ChatClientMetadata) ? Metadata
        : serviceKey is null && serviceType.IsInstanceOfType(this) ? this
        : null;

    public void Dispose()
    {
        _inner?.Dispose();
        _weights?.Dispose();
        _loadLock.Dispose();
    }

    /// <summary>
    /// Checks that <paramref name="path"/> exists and starts with the GGUF magic bytes, before any native code
    /// sees it: llama.cpp's own errors for a wrong file are a log line and a null handle.
    /// </summary>
    /// <exception cref="LlmProviderException">Missing, unreadable, or not a GGUF file.</exception>
    public static void ValidateModelFile(string path)
    {
        if (!File.Exists(path))
        {
            throw new LlmProviderException(
                $"Local model file {path} does not exist; fix model_path in zhiku.json or download a .gguf model there. / 本地模型文件 {path} 不存在；请修正 zhiku.json 中的 model_path，或把 .gguf 模型放到该位置。");
        }

        var header = new byte[4];
        int read;
        try
        {
            using FileStream stream = File.OpenRead(path);
            read = stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new LlmProviderException($"Local model file {path} cannot be read ({ex.Message}). / 无法读取本地模型文件 {path}（{ex.Message}）。", ex);
        }

        if (read < header.Length || !header.AsSpan().SequenceEqual(GgufMagic))
        {
            throw new LlmProviderException(
                $"{path} is not a GGUF model (the file does not start with \"GGUF\"); use a llama.cpp .gguf model file. / {path} 不是 GGUF 模型文件（文件头不是 \"GGUF\"），请使用 llama.cpp 的 .gguf 模型文件。");
        }
    }

    private async Task<IChatClient> LoadAsync(CancellationToken cancellationToken)
    {
        if (_inner is not null)
        {
            return _inner;
        }

        await _loadLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_inner is not null)
            {
                return _inner;
            }

            ValidateModelFile(_settings.Model);
            LlamaNativeLibrary.EnsureLoaded();
            var parameters = new ModelParams(_settings.Model)
            {
                ContextSize = (uint)_settings.ContextSize,
                GpuLayerCount = 0,
            };
            if (_settings.Threads is { } threads)
            {
                parameters.Threads = threads;
            }

            try
            {
                _weights = await LLamaWeights.LoadFromFileAsync(parameters, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is LoadWeightsFailedException or RuntimeError or ArgumentException)
            {
                throw new LlmProviderException(
                    $"{_settings.Model} could not be loaded as a model ({ex.Message}); the file may be truncated or of an architecture this llama.cpp build does not know. / 无法加载模型 {_settings.Model}（{ex.Message}）；文件可能不完整，或其架构不受支持。", ex);
            }

            ILLamaExecutor executor = new StatelessExecutor(_weights, parameters);
            _inner = executor.AsChatClient(new PromptTemplateTransformer(_weights, withAssistant: true));
            return _inner;
        }
        finally
        {
            _loadLock.Release();
        }
    }
}
