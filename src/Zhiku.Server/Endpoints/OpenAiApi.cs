using Microsoft.AspNetCore.Http.HttpResults;
using Zhiku.Core.Access;
using Zhiku.Core.Answering;
using Zhiku.Core.Answering.Json;
using Zhiku.Server.Contracts;
using Zhiku.Server.Services;

namespace Zhiku.Server.Endpoints;

/// <summary>
/// An OpenAI-compatible surface: every knowledge base the caller may read is a model <c>zhiku/&lt;kb&gt;</c>, so Open
/// WebUI, LobeChat or any OpenAI SDK can chat with it. Unsupported sentences are marked inline and the numbered
/// source list is appended to the answer text (see <see cref="CompletionContent"/>); citations also travel as structured data in the extra <c>citations</c> and <c>zhiku</c> fields.
/// </summary>
public static class OpenAiApi
{
    /// <summary>Prefix of model ids.</summary>
    public const string ModelPrefix = "zhiku/";

    public static RouteGroupBuilder MapOpenAiApi(this IEndpointRouteBuilder app)
    {
        RouteGroupBuilder group = app.MapGroup("/v1").WithTags("OpenAI-compatible");
        group.MapGet("/models", Models).WithSummary("Knowledge bases you can read, as models zhiku/<kb>");
        group.MapPost("/chat/completions", Complete).WithSummary("Chat with a knowledge base (stream or not); citations in the text and in 'citations'")
            .Produces(200, contentType: "text/event-stream").ProducesProblem(400).ProducesProblem(404);
        return group;
    }

    private static async Task<Ok<object>> Models(HttpContext context, KnowledgeBaseGate gate)
    {
        var data = (await gate.VisibleAsync(EndpointUser.Get(context), context.RequestAborted).ConfigureAwait(false))
            .Select(x => new { id = ModelPrefix + x.Info.Name, @object = "model", created = x.Info.CreatedAt.ToUnixTimeSeconds(), owned_by = "zhiku" })
            .ToList();
        return TypedResults.Ok<object>(new { @object = "list", data });
    }

    private static async Task<IResult> Complete(ChatCompletionRequest request, HttpContext context, KnowledgeBaseGate gate, AnswerService answers, ServerStore store)
    {
        string model = request.Model ?? "";
        string kb = model.StartsWith(ModelPrefix, StringComparison.Ordinal) ? model[ModelPrefix.Length..] : model;
        if ((await gate.OpenAsync(EndpointUser.Get(context), kb, KbRole.Reader, context.RequestAborted).ConfigureAwait(false)).Access is not { } access)
        {
            return ApiProblems.Create(404, "model_not_found", $"field 'model': no model '{model}'; list models with GET /v1/models / 模型不存在");
        }

        var userTurns = (request.Messages ?? []).Where(m => m.Role == "user").Select(m => m.Text()).Where(t => !string.IsNullOrWhiteSpace(t)).ToList();
        if (userTurns.Count == 0)
        {
            return ApiProblems.BadRequest("field 'messages': needs at least one user message with text / messages 中须有用户消息");
        }

        if (SearchApi.CheckText(userTurns[^1], "messages") is { } bad)
        {
            return bad;
        }

        string question = userTurns[^1];
        string? previous = userTurns.Count > 1 ? userTurns[^2] : null;
        string id = "chatcmpl-" + Guid.NewGuid().ToString("N");
        long created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        CancellationToken cancellationToken = context.RequestAborted;
        if (!request.Stream)
        {
            Answer answer = await answers.AskAsync(access, question, previous, null, cancellationToken: cancellationToken).ConfigureAwait(false);
            AskResponseJson json = ReaderView.Ask(store.PublicIds, access, answer);
            string content = CompletionContent.Render(answer, question);
            return TypedResults.Ok<object>(new
            {
                id,
                @object = "chat.completion",
                created,
                model = ModelPrefix + access.Info.Name,
                choices = new[] { new { index = 0, message = new { role = "assistant", content }, finish_reason = "stop" } },
                usage = new { prompt_tokens = 0, completion_tokens = 0, total_tokens = 0 },
                citations = json.Citations,
                zhiku = json,
            });
        }

        // The citation check needs the whole answer, and clients show only 'content': the answer is streamed once
        // it is checked, so no unsupported sentence reaches the reader without its mark.
        SseWriter sse = SseWriter.Start(context);
        string modelId = ModelPrefix + access.Info.Name;
        Answer streamed = await answers.AskAsync(access, question, previous, null, cancellationToken: cancellationToken).ConfigureAwait(false);
        bool first = true;
        foreach (string piece in AnswerService.Pieces(CompletionContent.Render(streamed, question)))
        {
            await sse.WriteAsync(null, Chunk(id, created, modelId, piece, first), cancellationToken).ConfigureAwait(false);
            first = false;
        }

        AskResponseJson final = ReaderView.Ask(store.PublicIds, access, streamed);
        await sse.WriteAsync(null, new
        {
            id,
            @object = "chat.completion.chunk",
            created,
            model = modelId,
            choices = new[] { new { index = 0, delta = new { }, finish_reason = "stop" } },
            citations = final.Citations,
            zhiku = final,
        }, cancellationToken).ConfigureAwait(false);
        await sse.WriteRawAsync(null, "[DONE]", cancellationToken).ConfigureAwait(false);
        return Results.Empty;
    }

    private static object Chunk(string id, long created, string model, string text, bool first) => new
    {
        id,
        @object = "chat.completion.chunk",
        created,
        model,
        choices = new[] { new { index = 0, delta = first ? (object)new { role = "assistant", content = text } : new { content = text }, finish_reason = (string?)null } },
    };
}
