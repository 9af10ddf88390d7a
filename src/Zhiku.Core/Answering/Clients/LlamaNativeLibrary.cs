using LLama.Exceptions;
using LLama.Native;

namespace Zhiku.Core.Answering.Clients;

/// <summary>Loads llama.cpp's native library (CPU backend) once and turns a failure into a clear error.</summary>
public static class LlamaNativeLibrary
{
    private static readonly Lazy<string?> Problem = new(TryLoad, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Null when the native library loads; otherwise why not.</summary>
    public static string? LoadProblem => Problem.Value;

    /// <summary>Throws when the native library cannot load on this machine.</summary>
    /// <exception cref="LlmProviderException">The library is missing or does not load (e.g. a CPU without the needed instructions).</exception>
    public static void EnsureLoaded()
    {
        if (Problem.Value is { } problem)
        {
            throw new LlmProviderException(
                $"The llama.cpp native library (LLamaSharp CPU backend) cannot be loaded: {problem}. Use an OpenAI-compatible endpoint instead. / 无法加载 llama.cpp 本地库（LLamaSharp CPU 后端）：{problem}。请改用兼容 OpenAI 的接口。");
        }
    }

    private static string? TryLoad()
    {
        try
        {
            // Silence llama.cpp's stderr chatter; failures surface as exceptions below.
            NativeLibraryConfig.All.WithLogCallback((_, _) => { });
        }
        catch (InvalidOperationException)
        {
            // Already loaded by someone else: configuration is closed, which is fine.
        }

        try
        {
            NativeApi.llama_empty_call();
            return null;
        }
        catch (Exception ex) when (ex is TypeInitializationException or DllNotFoundException or RuntimeError or EntryPointNotFoundException or BadImageFormatException)
        {
            return (ex.InnerException ?? ex).Message;
        }
    }
}
