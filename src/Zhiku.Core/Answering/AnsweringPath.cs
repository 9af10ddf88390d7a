using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Zhiku.Core.Answering.Clients;
using Zhiku.Core.Configuration;
using Zhiku.Core.Privacy;
using Zhiku.Core.Storage;

namespace Zhiku.Core.Answering;

/// <summary>
/// The composition root of answering for one process: opens a knowledge base's <see cref="QuestionAnswerer"/> from
/// the store's configuration source (read once, again only when zhiku.json changes) and the process's
/// <see cref="ModelClients"/> (built once per provider). What is per question stays per question: the audit context
/// (who asks) and the privacy session (the conversation's placeholders). A host keeps one; the CLI one per command.
/// </summary>
public sealed class AnsweringPath : IDisposable
{
    private readonly ModelClients _clients;
    private readonly bool _ownsClients;
    private readonly ILogger _logger;

    /// <param name="clients">The process's model clients; owned by the caller.</param>
    /// <param name="loggerFactory">Where model failures are logged; null logs nothing.</param>
    public AnsweringPath(ModelClients clients, ILoggerFactory? loggerFactory = null)
        : this(clients, ownsClients: false, loggerFactory)
    {
    }

    private AnsweringPath(ModelClients clients, bool ownsClients, ILoggerFactory? loggerFactory)
    {
        this._clients = clients;
        this._ownsClients = ownsClients;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Zhiku.Answering");
    }

    /// <summary>A path with its own model clients, disposed with it (one command of the CLI, a benchmark).</summary>
    public static AnsweringPath CreateOwning(ILoggerFactory? loggerFactory = null) => new(new ModelClients(), ownsClients: true, loggerFactory);

    /// <summary>
    /// The answerer of <paramref name="source"/>'s knowledge base: its provider and prompt template (stored on the knowledge base through
    /// the API, then zhiku.json, then ZHIKU_LLM_*), the shared model client wrapped in the audit log, and — when the
    /// model is not local — the privacy filter that desensitizes everything sent and restores placeholders in what
    /// comes back. Disposing the answerer leaves the shared clients open.
    /// </summary>
    /// <param name="source">The knowledge base (<see cref="KnowledgeBase.AnswerSource"/>).</param>
    /// <param name="user">Who asks (recorded in the audit log).</param>
    /// <param name="session">The conversation's placeholder mapping, to keep placeholders stable across turns.</param>
    /// <param name="mayReveal">Which original values the reader may see; null reveals all.</param>
    /// <param name="cancellationToken">Stops the read of the stored settings.</param>
    /// <exception cref="ZhikuException">The configuration is invalid or names an unknown provider (the message names the
    /// key); the stored settings cannot be read now (<see cref="ErrorKind.Unavailable"/>).</exception>
    public async Task<QuestionAnswerer> OpenAsync(AnswerSource source, string user, PseudonymSession? session = null,
        Func<PseudonymEntry, bool>? mayReveal = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ZhikuConfiguration configuration = source.Configuration.Current;
        StoredKnowledgeBaseSettings stored = await StoredKnowledgeBaseSettings.ReadAsync(source.Access, source.Info.Id, cancellationToken).ConfigureAwait(false);
        EffectiveLlmConfiguration effective = configuration.ResolveFor(source.Info.Name, stored);
        if (effective.Provider is not { } provider)
        {
            return new QuestionAnswerer(source, effective, null) { Logger = _logger };
        }

        var context = new AuditContext(user, source.Info.Name, provider.Name, provider.Model, provider.IsLocal);
        IChatClient client = new AuditingChatClient(new SharedChatClient(_clients.ChatClient(provider)), source.Audit, context);
        IOutboundFilter? filter = provider.IsLocal
            ? null
            : new PrivacyOutboundFilter(
                new Desensitizer(configuration.Privacy.CreateDetector(), configuration.Privacy.Operators),
                session ?? new PseudonymSession(Guid.NewGuid().ToString("N")),
                mayReveal);
        return new QuestionAnswerer(source, effective, client, filter)
        {
            EmbeddingGenerator = _clients.EmbeddingGenerator(provider),
            Logger = _logger,
        };
    }

    public void Dispose()
    {
        if (_ownsClients)
        {
            _clients.Dispose();
        }
    }

    /// <summary>Lets a per-question wrapper be disposed without closing the process's client under it.</summary>
    private sealed class SharedChatClient(IChatClient inner) : IChatClient
    {
        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            inner.GetResponseAsync(messages, options, cancellationToken);

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
            CancellationToken cancellationToken = default) =>
            inner.GetStreamingResponseAsync(messages, options, cancellationToken);

        public object? GetService(Type serviceType, object? serviceKey = null) => inner.GetService(serviceType, serviceKey);

        public void Dispose()
        {
            // The client belongs to ModelClients, which disposes it.
        }
    }
}
