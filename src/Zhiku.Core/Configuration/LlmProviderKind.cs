namespace Zhiku.Core.Configuration;

/// <summary>How Zhiku talks to a language model.</summary>
public enum LlmProviderKind
{
    /// <summary>An OpenAI-compatible HTTP endpoint (<c>kind: "openai"</c>): DeepSeek, Qwen, Moonshot, vLLM, Ollama /v1, …</summary>
    OpenAI,

    /// <summary>A GGUF model file run in-process on the CPU through LLamaSharp (<c>kind: "llamasharp"</c>).</summary>
    LlamaSharp,
}
