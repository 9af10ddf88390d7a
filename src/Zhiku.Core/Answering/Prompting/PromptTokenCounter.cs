using Microsoft.ML.Tokenizers;

namespace Zhiku.Core.Answering.Prompting;

/// <summary>
/// Counts prompt tokens with the o200k_base tiktoken vocabulary (shipped in a NuGet package, no download).
/// Other models tokenise differently, but o200k's Chinese rate (~0.7–1 token per character) is close to the
/// Qwen/DeepSeek/GLM vocabularies, so a budget in these tokens is a fair, slightly generous estimate for them.
/// </summary>
public sealed class PromptTokenCounter
{
    private static readonly Lazy<PromptTokenCounter> Shared = new(() => new PromptTokenCounter(TiktokenTokenizer.CreateForEncoding("o200k_base")));

    private readonly Tokenizer _tokenizer;

    /// <summary>Wraps any Microsoft.ML.Tokenizers tokenizer.</summary>
    public PromptTokenCounter(Tokenizer tokenizer) => _tokenizer = tokenizer;

    /// <summary>The shared o200k_base counter (thread-safe).</summary>
    public static PromptTokenCounter Default => Shared.Value;

    /// <summary>Tokens in <paramref name="text"/>.</summary>
    public int Count(string text) => text.Length == 0 ? 0 : _tokenizer.CountTokens(text);

    /// <summary>
    /// The longest prefix of <paramref name="text"/> within <paramref name="maxTokens"/>, cut back to a sentence
    /// end when one lies in its second half so a source is not cut mid-sentence; adds "…" when it cut.
    /// </summary>
    public string Truncate(string text, int maxTokens)
    {
        if (maxTokens <= 0)
        {
            return "";
        }

        int index = _tokenizer.GetIndexByTokenCount(text, maxTokens, out _, out _);
        if (index >= text.Length)
        {
            return text;
        }

        int cut = index;
        for (int i = index - 1; i >= index / 2; i--)
        {
            if (text[i] is '。' or '！' or '？' or '；' or '.' or '!' or '?' or '\n')
            {
                cut = i + 1;
                break;
            }
        }

        return text[..cut].TrimEnd() + "…";
    }
}
