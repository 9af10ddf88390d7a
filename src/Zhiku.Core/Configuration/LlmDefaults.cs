namespace Zhiku.Core.Configuration;

/// <summary>Defaults of the answering area, in one place.</summary>
public static class LlmDefaults
{
    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(60);
    public static readonly TimeSpan TotalTimeout = TimeSpan.FromSeconds(180);
    public static readonly TimeSpan RetryBaseDelay = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan RetryMaxDelay = TimeSpan.FromSeconds(20);
    public const int MaxRetries = 2;
    public const int MaxOutputTokens = 1024;
    public const float Temperature = 0.1f;
    public const int LlamaContextSize = 4096;

    /// <summary>Sources handed to the model.</summary>
    public const int TopK = 6;

    /// <summary>Token budget of the whole prompt (instructions, sources and question).</summary>
    public const int ContextTokens = 3000;

    /// <summary>The name the <c>ZHIKU_LLM_*</c> environment provider gets.</summary>
    public const string EnvironmentProviderName = "env";
}
