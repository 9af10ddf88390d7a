using System.ComponentModel;
using System.Text.Json;
using ModelContextProtocol;
using ModelContextProtocol.Server;
using Zhiku.Core.Access;
using Zhiku.Core.Answering.Json;
using Zhiku.Core.Indexing;
using Zhiku.Server.Auth;
using Zhiku.Server.Endpoints;
using Zhiku.Server.Services;

namespace Zhiku.Server.Mcp;

/// <summary>
/// MCP tools at <c>/mcp</c> (streamable HTTP, same API keys and permissions as the REST API): list the knowledge
/// bases, search one, ask one. Results are the same JSON as the REST endpoints and the CLI.
/// </summary>
[McpServerToolType]
public sealed class ZhikuMcpTools(IHttpContextAccessor httpContextAccessor, KnowledgeBaseGate gate, AnswerService answers, ServerStore store)
{
    [McpServerTool(Name = "list_knowledge_bases", ReadOnly = true, Idempotent = true)]
    [Description("Lists the knowledge bases you can search and ask (names to pass as 'kb').")]
    public async Task<string> ListKnowledgeBases(CancellationToken cancellationToken = default)
    {
        UserInfo user = User();
        var kbs = (await gate.VisibleAsync(user, cancellationToken).ConfigureAwait(false)).Select(x => new { name = x.Info.Name, role = KnowledgeBaseApi.RoleName(x.Role) });
        return JsonSerializer.Serialize(new { kbs }, AnswerJson.Options);
    }

    [McpServerTool(Name = "search", ReadOnly = true, Idempotent = true)]
    [Description("Searches a knowledge base and returns ranked passages with their document, heading and page.")]
    public async Task<string> Search(
        [Description("Knowledge base name (see list_knowledge_bases)")] string kb,
        [Description("What to search for, in any language")] string query,
        [Description("Number of passages, 1-100 (default 5)")] int top = 5,
        CancellationToken cancellationToken = default)
    {
        KbAccess access = await OpenAsync(kb, cancellationToken).ConfigureAwait(false);
        if (string.IsNullOrWhiteSpace(query) || query.Length > SearchApi.MaxQueryChars || top is < 1 or > SearchApi.MaxTop)
        {
            throw new McpException($"query must be 1-{SearchApi.MaxQueryChars} characters and top 1-{SearchApi.MaxTop} / 参数无效");
        }

        IReadOnlyList<SearchResult> results = await access.KnowledgeBase.SearchAsync(query, top, access: access.Read, cancellationToken: cancellationToken).ConfigureAwait(false);
        return JsonSerializer.Serialize(ReaderView.Search(store.PublicIds, access, results), AnswerJson.Options);
    }

    [McpServerTool(Name = "ask", ReadOnly = true, Idempotent = true)]
    [Description("Asks a knowledge base a question; the answer quotes the documents with numbered citations, or says it found nothing.")]
    public async Task<string> Ask(
        [Description("Knowledge base name (see list_knowledge_bases)")] string kb,
        [Description("The question")] string question,
        CancellationToken cancellationToken = default)
    {
        KbAccess access = await OpenAsync(kb, cancellationToken).ConfigureAwait(false);
        if (string.IsNullOrWhiteSpace(question) || question.Length > SearchApi.MaxQueryChars)
        {
            throw new McpException($"question must be 1-{SearchApi.MaxQueryChars} characters / 问题无效");
        }

        var answer = await answers.AskAsync(access, question, null, null, cancellationToken: cancellationToken).ConfigureAwait(false);
        return JsonSerializer.Serialize(ReaderView.Ask(store.PublicIds, access, answer), AnswerJson.Options);
    }

    private UserInfo User()
    {
        HttpContext context = httpContextAccessor.HttpContext ?? throw new McpException("no HTTP request / 无请求上下文");
        return UserPrincipal.Current(context) ?? throw new McpException("unauthorized / 未登录");
    }

    private async Task<KbAccess> OpenAsync(string kb, CancellationToken cancellationToken) =>
        (await gate.OpenAsync(User(), kb ?? "", KbRole.Reader, cancellationToken).ConfigureAwait(false)).Access
            ?? throw new McpException($"knowledge base '{kb}' not found / 知识库 '{kb}' 不存在");
}
