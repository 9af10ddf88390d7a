using Microsoft.Extensions.AI;
using Zhiku.Core;
using Zhiku.Core.Answering;
using Zhiku.Core.Answering.Clients;
using Zhiku.Core.Answering.Configuration;

namespace Zhiku.Cli;

/// <summary>The answering setup of a knowledge base: its effective model configuration (zhiku.json in the store,
/// ZHIKU_LLM_* variables) and the model client, if any.</summary>
internal sealed class AnswerSession : IDisposable
{
    private readonly IChatClient? chatClient;

    private AnswerSession(KnowledgeBase kb, EffectiveLlmConfiguration configuration, IChatClient? chatClient)
    {
        Configuration = configuration;
        this.chatClient = chatClient;
        Answerer = new QuestionAnswerer(kb, configuration, chatClient);
    }

    public EffectiveLlmConfiguration Configuration { get; }

    public QuestionAnswerer Answerer { get; }

    public IChatClient? ChatClient => chatClient;

    public bool UsesModel => chatClient is not null;

    public static AnswerSession Open(KnowledgeBase kb)
    {
        ZhikuConfiguration configuration = ZhikuConfigurationLoader.Load(kb.Store.Layout.ConfigPath);
        EffectiveLlmConfiguration effective = configuration.ResolveFor(kb.Info.Name);
        IChatClient? client = effective.Provider is { } provider ? LlmClientFactory.CreateChatClient(provider) : null;
        return new AnswerSession(kb, effective, client);
    }

    public void Dispose() => chatClient?.Dispose();
}
