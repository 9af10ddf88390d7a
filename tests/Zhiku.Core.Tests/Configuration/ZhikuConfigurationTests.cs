using System.Text.Json;
using Zhiku.Core.Configuration;

namespace Zhiku.Core.Tests.Configuration;

public sealed class ZhikuConfigurationTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("zhiku-config-");
    private readonly Dictionary<string, string> _env = new(StringComparer.Ordinal);

    public void Dispose() => _dir.Delete(recursive: true);

    private string? Env(string name) => _env.GetValueOrDefault(name);

    private string Write(string json)
    {
        string path = Path.Combine(_dir.FullName, ZhikuConfigurationLoader.FileName);
        File.WriteAllText(path, json);
        return path;
    }

    private ZhikuConfiguration Load(string? path) => ZhikuConfigurationLoader.Load(path, Env);

    [Fact]
    public void No_file_and_no_variables_means_no_llm()
    {
        EffectiveLlmConfiguration effective = Load(Path.Combine(_dir.FullName, "absent.json")).ResolveFor("default");

        Assert.Null(effective.Provider);
        Assert.Equal(LlmDefaults.TopK, effective.Answering.TopK);
    }

    [Fact]
    public void The_three_variables_alone_configure_a_cloud_provider()
    {
        _env[LlmEnvironmentVariables.BaseUrl] = "http://127.0.0.1:8080/v1";
        _env[LlmEnvironmentVariables.Model] = "qwen2.5";
        _env[LlmEnvironmentVariables.ApiKey] = "sk-env-secret";

        LlmProviderSettings provider = Load(null).ResolveFor("default").Provider!;

        Assert.Equal("env", provider.Name);
        Assert.Equal(LlmProviderKind.OpenAI, provider.Kind);
        Assert.Equal(new Uri("http://127.0.0.1:8080/v1"), provider.BaseUrl);
        Assert.Equal("qwen2.5", provider.Model);
        Assert.Equal("sk-env-secret", provider.ApiKey);
        Assert.False(provider.IsLocal, "a loopback endpoint is still cloud unless ZHIKU_LLM_LOCAL=true");
        Assert.False(provider.SendMaxCompletionTokens);
        Assert.False(provider.SendStreamOptions);
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("false", false)]
    [InlineData("1", true)]
    public void Local_flag_marks_the_environment_provider_local(string value, bool expected)
    {
        _env[LlmEnvironmentVariables.BaseUrl] = "http://127.0.0.1:8080/v1";
        _env[LlmEnvironmentVariables.Model] = "m";
        _env[LlmEnvironmentVariables.Local] = value;

        Assert.Equal(expected, Load(null).EnvironmentProvider!.IsLocal);
    }

    [Fact]
    public void A_half_set_environment_names_the_missing_variable()
    {
        _env[LlmEnvironmentVariables.BaseUrl] = "http://127.0.0.1:8080/v1";

        var ex = Assert.Throws<ZhikuException>(() => Load(null));

        Assert.Contains(LlmEnvironmentVariables.Model, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void File_providers_defaults_and_knowledge_base_overrides_resolve()
    {
        _env["DEEPSEEK_KEY"] = "sk-file-secret";
        string template = Path.Combine(_dir.FullName, "legal.txt");
        File.WriteAllText(template, "{{sources}}\n{{question}}");
        string path = Write("""
            {
              // comments and trailing commas are fine
              "llm": {
                "default_provider": "deepseek",
                "providers": [
                  { "name": "deepseek", "kind": "openai", "base_url": "https://api.deepseek.com/v1", "model": "deepseek-chat",
                    "api_key_env": "DEEPSEEK_KEY", "timeout_seconds": 30, "max_output_tokens": 800, "temperature": 0.2, "send_stream_options": true },
                  { "name": "local", "kind": "llamasharp", "model_path": "models/qwen.gguf", "context_size": 2048, "threads": 2 },
                ]
              },
              "answering": { "top_k": 4, "context_tokens": 2000, "not_found_text": "没有找到。" },
              "knowledge_bases": { "legal": { "provider": "local", "prompt_template": "legal.txt", "top_k": 8 } }
            }
            """);
        ZhikuConfiguration config = Load(path);

        EffectiveLlmConfiguration byDefault = config.ResolveFor("default");
        EffectiveLlmConfiguration legal = config.ResolveFor("legal");

        Assert.Equal("deepseek", byDefault.Provider!.Name);
        Assert.Equal("sk-file-secret", byDefault.Provider.ApiKey);
        Assert.Equal(TimeSpan.FromSeconds(30), byDefault.Provider.Timeout);
        Assert.Equal(800, byDefault.Provider.MaxOutputTokens);
        Assert.True(byDefault.Provider.SendStreamOptions);
        Assert.False(byDefault.Provider.SendMaxCompletionTokens);
        Assert.Equal(4, byDefault.Answering.TopK);
        Assert.Equal("没有找到。", byDefault.Answering.NotFoundText);
        Assert.Null(byDefault.Answering.PromptTemplatePath);

        Assert.Equal(LlmProviderKind.LlamaSharp, legal.Provider!.Kind);
        Assert.True(legal.Provider.IsLocal);
        Assert.Equal(Path.Combine(_dir.FullName, "models", "qwen.gguf"), legal.Provider.Model);
        Assert.Equal(2048, legal.Provider.ContextSize);
        Assert.Equal(8, legal.Answering.TopK);
        Assert.Equal(2000, legal.Answering.ContextTokens);
        Assert.Equal(template, legal.Answering.PromptTemplatePath);
    }

    [Fact]
    public void Environment_provider_wins_over_the_file_default_but_not_over_a_knowledge_base_choice()
    {
        _env[LlmEnvironmentVariables.BaseUrl] = "http://127.0.0.1:9/v1";
        _env[LlmEnvironmentVariables.Model] = "env-model";
        string path = Write("""
            { "llm": { "providers": [ { "name": "a", "base_url": "http://127.0.0.1:1/v1", "model": "a-model" } ] },
              "knowledge_bases": { "pinned": { "provider": "a" } } }
            """);
        ZhikuConfiguration config = Load(path);

        Assert.Equal("env", config.ResolveFor("default").Provider!.Name);
        Assert.Equal("a", config.ResolveFor("pinned").Provider!.Name);
    }

    [Theory]
    [InlineData("""{ "llm": { "providers": [ { "name": "a", "base_uri": "http://x/v1", "model": "m" } ] } }""", "llm.providers[0].base_uri")]
    [InlineData("""{ "llm": { "providers": [ { "name": "a", "kind": "gpt", "base_url": "http://x/v1", "model": "m" } ] } }""", "llm.providers[0].kind")]
    [InlineData("""{ "llm": { "providers": [ { "name": "a", "base_url": "ftp://x", "model": "m" } ] } }""", "llm.providers[0].base_url")]
    [InlineData("""{ "llm": { "providers": [ { "name": "a", "base_url": "http://x/v1" } ] } }""", "llm.providers[0].model")]
    [InlineData("""{ "llm": { "providers": [ { "name": "a", "base_url": "http://x/v1", "model": "m", "timeout_seconds": "30" } ] } }""", "llm.providers[0].timeout_seconds")]
    [InlineData("""{ "llm": { "providers": [ { "name": "a", "base_url": "http://x/v1", "model": "m", "api_key": "sk-1" } ] } }""", "api_key_env")]
    [InlineData("""{ "llm": { "default_provider": "b", "providers": [ { "name": "a", "base_url": "http://x/v1", "model": "m" } ] } }""", "llm.default_provider")]
    [InlineData("""{ "answering": { "top_k": 0 } }""", "answering.top_k")]
    [InlineData("""{ "answering": { "prompt_template": "missing.txt" } }""", "answering.prompt_template")]
    [InlineData("""{ "knowledge_bases": { "x": { "provider": "nope" } } }""", "knowledge_bases.x.provider")]
    [InlineData("""{ "llm": { "providers": [ { "name": "a", "kind": "llamasharp", "model_path": "m.gguf", "base_url": "http://x" } ] } }""", "llm.providers[0].base_url")]
    [InlineData("""{ "llm": { "providers": [ { "name": "a", "base_url": "http://x/v1", "model": "m" } """, "not valid JSON")]
    public void Invalid_configuration_names_the_key(string json, string expected)
    {
        string path = Write(json);

        var ex = Assert.Throws<ZhikuException>(() => Load(path));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_key_variable_is_reported_when_the_provider_is_used()
    {
        string path = Write("""{ "llm": { "providers": [ { "name": "a", "base_url": "http://x/v1", "model": "m", "api_key_env": "MY_KEY" } ] } }""");
        ZhikuConfiguration config = Load(path);

        var ex = Assert.Throws<ZhikuException>(() => config.ResolveFor("default"));

        Assert.Contains("MY_KEY", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rendered_configuration_hides_secrets()
    {
        _env["FILE_KEY"] = "sk-very-secret-file-key";
        _env[LlmEnvironmentVariables.BaseUrl] = "https://user:hunter2@gateway.example/v1?api-key=sk-in-url";
        _env[LlmEnvironmentVariables.Model] = "m";
        _env[LlmEnvironmentVariables.ApiKey] = "sk-very-secret-env-key";
        string path = Write("""{ "llm": { "providers": [ { "name": "a", "base_url": "http://x/v1", "model": "m", "api_key_env": "FILE_KEY" } ] } }""");

        string shown = ConfigurationRenderer.RenderJson(Load(path), "default");

        Assert.DoesNotContain("sk-very-secret", shown, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", shown, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-in-url", shown, StringComparison.Ordinal);
        Assert.Contains("FILE_KEY", shown, StringComparison.Ordinal);
        Assert.Contains(LlmEnvironmentVariables.ApiKey, shown, StringComparison.Ordinal);
        Assert.Contains("\"mode\": \"llm\"", shown, StringComparison.Ordinal);
        Assert.Contains("\"local\": false", shown, StringComparison.Ordinal);
    }

    [Fact]
    public void Rendered_configuration_shows_problems_instead_of_throwing()
    {
        string path = Write("""{ "llm": { "providers": [ { "name": "a", "base_url": "http://x/v1", "model": "m", "api_key_env": "UNSET_KEY" } ] } }""");

        string shown = ConfigurationRenderer.RenderJson(Load(path), "default");

        Assert.Contains("\"problem\"", shown, StringComparison.Ordinal);
        Assert.Contains("UNSET_KEY", shown, StringComparison.Ordinal);
        Assert.Contains("\"mode\": \"extractive\"", shown, StringComparison.Ordinal);
    }

    [Fact]
    public void Rendered_configuration_shows_the_embedding_model_and_fusion_of_the_knowledge_base()
    {
        _env["EMB_KEY"] = "sk-embedding-secret";
        string path = Write("""
            {
              "embedding": { "provider": "openai", "base_url": "http://emb.local/v1?key=sk-q", "model": "bge-m3", "api_key_env": "EMB_KEY" },
              "retrieval": { "fusion": "rrf", "keyword_weight": 1, "dense_weight": 0.5 },
              "knowledge_bases": { "legal": { "embedding": { "provider": "none" } } }
            }
            """);

        using JsonDocument shown = JsonDocument.Parse(ConfigurationRenderer.RenderJson(Load(path), "default"));
        JsonElement embedding = shown.RootElement.GetProperty("embedding");
        JsonElement retrieval = shown.RootElement.GetProperty("retrieval");
        Assert.Equal("openai:bge-m3", embedding.GetProperty("model_id").GetString());
        Assert.Equal("***", embedding.GetProperty("api_key").GetString());
        Assert.DoesNotContain("sk-q", embedding.GetProperty("base_url").GetString(), StringComparison.Ordinal);
        Assert.Equal("rrf", retrieval.GetProperty("fusion").GetString());
        Assert.Equal(0.5, retrieval.GetProperty("dense_weight").GetDouble());
        Assert.True(retrieval.GetProperty("dense").GetBoolean());

        using JsonDocument legal = JsonDocument.Parse(ConfigurationRenderer.RenderJson(Load(path), "legal"));
        Assert.Equal("none", legal.RootElement.GetProperty("embedding").GetProperty("provider").GetString());
        Assert.False(legal.RootElement.GetProperty("retrieval").GetProperty("dense").GetBoolean());
    }
}
