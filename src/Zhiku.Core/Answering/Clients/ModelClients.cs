using Microsoft.Extensions.AI;
using Zhiku.Core.Configuration;

namespace Zhiku.Core.Answering.Clients;

/// <summary>
/// The model clients of a process: one chat client (and, with <c>embedding_model</c>, one embedding generator) per
/// provider, all of a provider's requests through one HttpClient from <see cref="LlmHttpPipeline"/>. A client is built
/// on first use and kept; it is rebuilt only when the provider's settings change (zhiku.json edited), and the
/// replaced one is disposed with this object, so requests still running on it finish. Thread-safe.
/// </summary>
public sealed class ModelClients : IDisposable
{
    private readonly Func<LlmProviderSettings, HttpClient> _createHttpClient;
    private readonly Dictionary<string, ProviderClients> _byName = new(StringComparer.Ordinal);
    private readonly List<ProviderClients> _replaced = [];
    private readonly Lock _gate = new();
    private bool _disposed;

    /// <param name="createHttpClient">Makes a provider's HttpClient; defaults to <see cref="LlmHttpPipeline.Create"/>
    /// (hosts and tests may wrap it, e.g. to count or to swap the transport). Called once per provider and change.</param>
    public ModelClients(Func<LlmProviderSettings, HttpClient>? createHttpClient = null)
    {
        this._createHttpClient = createHttpClient ?? (provider => LlmHttpPipeline.Create(provider));
    }

    /// <summary>The provider's chat client. Callers must not dispose it.</summary>
    public IChatClient ChatClient(LlmProviderSettings provider) => For(provider).Chat;

    /// <summary>The provider's embedding generator when it has an <c>embedding_model</c>; otherwise null. Callers must not dispose it.</summary>
    public IEmbeddingGenerator<string, Embedding<float>>? EmbeddingGenerator(LlmProviderSettings provider) => For(provider).Embeddings;

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            foreach (ProviderClients clients in _byName.Values.Concat(_replaced))
            {
                clients.Dispose();
            }

            _byName.Clear();
            _replaced.Clear();
        }
    }

    private ProviderClients For(LlmProviderSettings provider)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_byName.TryGetValue(provider.Name, out ProviderClients? existing))
            {
                if (existing.Settings == provider)
                {
                    return existing;
                }

                _replaced.Add(existing);
            }

            ProviderClients created = Build(provider);
            _byName[provider.Name] = created;
            return created;
        }
    }

    private ProviderClients Build(LlmProviderSettings provider)
    {
        if (provider.Kind != LlmProviderKind.OpenAI)
        {
            return new ProviderClients(provider, null, LlmClientFactory.CreateChatClient(provider), null);
        }

        HttpClient http = _createHttpClient(provider);
        return new ProviderClients(provider, http, LlmClientFactory.CreateChatClient(provider, http), LlmClientFactory.CreateEmbeddingGenerator(provider, http));
    }

    private sealed record ProviderClients(
        LlmProviderSettings Settings, HttpClient? Http, IChatClient Chat, IEmbeddingGenerator<string, Embedding<float>>? Embeddings) : IDisposable
    {
        public void Dispose()
        {
            Chat.Dispose();
            Embeddings?.Dispose();
            Http?.Dispose();
        }
    }
}
