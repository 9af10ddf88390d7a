using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Zhiku.Core.Access;
using Zhiku.Core.Chat;
using Zhiku.Core.Storage;
using Zhiku.Server.Contracts;
using Zhiku.Server.Services;

namespace Zhiku.Server.Endpoints;

/// <summary>
/// The caller's own chat history. Permissions are checked again when history is shown: a session of a knowledge
/// base the user can no longer read disappears, and an answer citing a document they can no longer read is hidden.
/// </summary>
public static class ChatApi
{
    private const string Hidden = "(hidden: this answer cites documents you can no longer read / 此回答引用了您已无权查看的文档，已隐藏)";

    public static RouteGroupBuilder MapChatApi(this IEndpointRouteBuilder app)
    {
        RouteGroupBuilder group = app.MapGroup("/api/chats").WithTags("Chat history");
        group.MapGet("/", List).WithSummary("Your chat sessions, most recent first");
        group.MapGet("/{id:long}", Get).WithSummary("The turns of one of your chat sessions");
        group.MapDelete("/{id:long}", Delete).WithSummary("Delete one of your chat sessions");
        return group;
    }

    private static async Task<Ok<ChatListResponse>> List(HttpContext context, ServerStore store)
    {
        UserInfo user = EndpointUser.Get(context);
        var names = await ReadableAsync(store, user, context.RequestAborted).ConfigureAwait(false);
        var sessions = (await store.Chats.ListAsync(user.Id, cancellationToken: context.RequestAborted).ConfigureAwait(false))
            .Where(s => names.ContainsKey(s.KbId))
            .Select(s => Describe(s, names[s.KbId]))
            .ToList();
        return TypedResults.Ok(new ChatListResponse(sessions));
    }

    private static async Task<Results<Ok<ChatSessionDetailResponse>, ProblemHttpResult>> Get(long id, HttpContext context, ServerStore store)
    {
        UserInfo user = EndpointUser.Get(context);
        ChatSession? session = await store.Chats.GetAsync(user.Id, id, context.RequestAborted).ConfigureAwait(false);
        var names = await ReadableAsync(store, user, context.RequestAborted).ConfigureAwait(false);
        if (session is null || !names.TryGetValue(session.KbId, out string? kbName))
        {
            return ApiProblems.NotFound($"chat session {id}", "session_not_found");
        }

        IReadOnlyList<ChatMessage> messages = await store.Chats.MessagesAsync(id, context.RequestAborted).ConfigureAwait(false);
        var cited = messages.SelectMany(m => m.CitedDocIds).Distinct().ToList();
        var groups = await store.Store.Groups.GetDocumentGroupsAsync(cited, context.RequestAborted).ConfigureAwait(false);
        ReadAccess read = user.ReadAccess;
        var turns = messages.Select(m =>
        {
            bool allowed = m.CitedDocIds.All(d => groups.TryGetValue(d, out var g) && read.CanRead(g));
            if (!allowed)
            {
                return new ChatMessageResponse(m.Role, Hidden, null, m.CreatedAt);
            }

            JsonElement? answer = m.Payload is null ? null : JsonDocument.Parse(m.Payload).RootElement.Clone();
            return new ChatMessageResponse(m.Role, m.Text, answer, m.CreatedAt);
        }).ToList();
        return TypedResults.Ok(new ChatSessionDetailResponse(Describe(session, kbName), turns));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(long id, HttpContext context, ServerStore store) =>
        await store.Chats.DeleteAsync(EndpointUser.Get(context).Id, id, context.RequestAborted).ConfigureAwait(false)
            ? TypedResults.NoContent()
            : ApiProblems.NotFound($"chat session {id}", "session_not_found");

    private static async Task<Dictionary<long, string>> ReadableAsync(ServerStore store, UserInfo user, CancellationToken cancellationToken)
    {
        var names = new Dictionary<long, string>();
        foreach (KnowledgeBaseInfo k in await store.KnowledgeBases.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            if (await store.Access.GetRoleAsync(user, k.Id, cancellationToken).ConfigureAwait(false) != KbRole.None)
            {
                names[k.Id] = KnowledgeBaseNames.Display(k.Name);
            }
        }

        return names;
    }

    private static ChatSessionResponse Describe(ChatSession s, string kb) => new(s.Id, kb, s.Title, s.CreatedAt, s.UpdatedAt);
}
