using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;
using Zhiku.Core.Access;
using Zhiku.Core.Answering;
using Zhiku.Core.Answering.Json;
using Zhiku.Core.Chat;
using Zhiku.Core.Indexing;
using Zhiku.Server.Contracts;
using Zhiku.Server.Services;

namespace Zhiku.Server.Endpoints;

/// <summary>
/// Search and ask. The bodies are exactly the CLI's <c>search --json</c> and <c>ask --json</c> (one definition in
/// <see cref="AnswerJson"/>). Ask streams with <c>Accept: text/event-stream</c>: <c>session</c>, <c>delta</c>
/// events with text as it comes, then <c>answer</c> (the full JSON) and <c>done</c>.
/// </summary>
public static class SearchApi
{
    /// <summary>Largest accepted <c>top</c>.</summary>
    public const int MaxTop = 100;

    /// <summary>Longest accepted query or question, in characters.</summary>
    public const int MaxQueryChars = 10_000;

    public static RouteGroupBuilder MapSearchApi(this IEndpointRouteBuilder app)
    {
        RouteGroupBuilder group = app.MapGroup("/api/kbs/{kb}").WithTags("Search and ask");
        group.MapPost("/search", Search).RequireKbRole(KbRole.Reader).WithSummary("Ranked passages (same JSON as `zhiku search --json`)");
        group.MapPost("/ask", Ask).RequireKbRole(KbRole.Reader).WithSummary("An answer with citations (same JSON as `zhiku ask --json`); SSE with Accept: text/event-stream")
            .Produces<AskResponseJson>().Produces(200, contentType: "text/event-stream").ProducesProblem(400).ProducesProblem(404);
        return group;
    }

    private static async Task<Results<Ok<SearchResponseJson>, ProblemHttpResult>> Search(string kb, SearchRequest request, HttpContext context, ServerStore store,
        CancellationToken cancellationToken)
    {
        KbAccess access = KbAccessFilter.Access(context);

        int top = request.Top ?? 10;
        if (top is < 1 or > MaxTop)
        {
            return ApiProblems.BadRequest($"field 'top': must be between 1 and {MaxTop} / top 须在 1 到 {MaxTop} 之间");
        }

        if (CheckText(request.Query, "query") is { } bad)
        {
            return bad;
        }

        IReadOnlyList<SearchResult> results = await access.KnowledgeBase.SearchAsync(request.Query, top, access: access.Read, cancellationToken: cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(ReaderView.Search(store.PublicIds, access, results));
    }

    private static async Task<IResult> Ask(string kb, AskRequest request, HttpContext context, ServerStore store, AnswerService answers)
    {
        KbAccess access = KbAccessFilter.Access(context);

        if (CheckText(request.Question, "question") is { } bad)
        {
            return bad;
        }

        CancellationToken cancellationToken = context.RequestAborted;
        ChatSession? session = null;
        string? previous = null;
        if (request.SessionId is long sessionId)
        {
            session = await store.Chats.GetAsync(access.User.Id, sessionId, cancellationToken).ConfigureAwait(false);
            if (session is null || session.KbId != access.Info.Id)
            {
                return ApiProblems.NotFound($"chat session {sessionId} in this knowledge base", "session_not_found");
            }

            previous = (await store.Chats.MessagesAsync(session.Id, cancellationToken).ConfigureAwait(false)).LastOrDefault(m => m.Role == "user")?.Text;
        }
        else if (request.Save)
        {
            session = await store.Chats.CreateAsync(access.User.Id, access.Info.Id, request.Question.Trim(), cancellationToken).ConfigureAwait(false);
        }

        bool stream = context.Request.Headers.Accept.Any(a => a?.Contains("text/event-stream", StringComparison.OrdinalIgnoreCase) == true);
        if (!stream)
        {
            Answer answer = await answers.AskAsync(access, request.Question, previous, null, ConversationId(session), cancellationToken).ConfigureAwait(false);
            await RecordAsync(store, access, session, request.Question, answer).ConfigureAwait(false);
            if (session is not null)
            {
                context.Response.Headers["X-Zhiku-Session"] = session.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            return TypedResults.Ok(ReaderView.Ask(store.PublicIds, access, answer));
        }

        SseWriter sse = SseWriter.Start(context);
        if (session is not null)
        {
            await sse.WriteAsync("session", new { session_id = session.Id }, cancellationToken).ConfigureAwait(false);
        }

        Answer streamed = await answers.AskAsync(access, request.Question, previous,
            text => sse.WriteAsync("delta", new { text }, cancellationToken), ConversationId(session), cancellationToken).ConfigureAwait(false);
        await RecordAsync(store, access, session, request.Question, streamed).ConfigureAwait(false);
        await sse.WriteAsync("answer", ReaderView.Ask(store.PublicIds, access, streamed), cancellationToken).ConfigureAwait(false);
        await sse.WriteRawAsync("done", "{}", cancellationToken).ConfigureAwait(false);
        return Results.Empty;
    }

    private static string? ConversationId(Zhiku.Core.Chat.ChatSession? session) =>
        session is null ? null : $"kb{session.KbId}-chat{session.Id}";

    internal static ProblemHttpResult? CheckText(string? text, string field)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return ApiProblems.BadRequest($"field '{field}': empty; type some text / '{field}' 不能为空");
        }

        return text.Length > MaxQueryChars
            ? ApiProblems.BadRequest($"field '{field}': longer than {MaxQueryChars} characters / '{field}' 超过 {MaxQueryChars} 个字符")
            : null;
    }

    // Not cancelled with the request: an answer that was computed is recorded even when the client went away meanwhile.
    private static async Task RecordAsync(ServerStore store, KbAccess access, ChatSession? session, string question, Answer answer)
    {
        if (session is null)
        {
            return;
        }

        await store.Chats.AppendAsync(session.Id, "user", question.Trim(), null, []).ConfigureAwait(false);
        // The payload is what the user was shown; the stored document ids stay internal (readability checks on replay).
        await store.Chats.AppendAsync(session.Id, "assistant", answer.Text,
            JsonSerializer.Serialize(ReaderView.Ask(store.PublicIds, access, answer), AnswerJson.Options),
            answer.Citations.Select(c => c.DocId).Concat(answer.Closest.Select(d => d.DocId)).Distinct().ToList()).ConfigureAwait(false);
    }
}
