using Microsoft.AspNetCore.Http.HttpResults;
using Zhiku.Core.Access;
using Zhiku.Core.Chat;
using Zhiku.Server.Contracts;
using Zhiku.Server.Services;

namespace Zhiku.Server.Endpoints;

/// <summary>
/// Thumbs up or down, with an optional comment, on an answer: any reader may rate the answers they got; the
/// knowledge base's owner (or an admin) reads the ratings.
/// </summary>
public static class FeedbackApi
{
    private const int MaxQuestion = 4_000;
    private const int MaxAnswer = 50_000;
    private const int MaxComment = 2_000;

    public static RouteGroupBuilder MapFeedbackApi(this IEndpointRouteBuilder app)
    {
        RouteGroupBuilder group = app.MapGroup("/api/kbs/{kb}/feedback").WithTags("Feedback");
        group.MapPost("/", Rate).RequireKbRole(KbRole.Reader).WithSummary("Rate an answer: rating 'up' or 'down', optional comment; with 'id', change your earlier rating");
        group.MapGet("/", List).RequireKbRole(KbRole.Owner).WithSummary("Ratings of this knowledge base's answers, newest first (owner or admin)");
        return group;
    }

    private static async Task<Results<Created<FeedbackResponse>, Ok<FeedbackResponse>, ProblemHttpResult>> Rate(
        string kb, FeedbackRequest request, HttpContext context, ServerStore store)
    {
        KbAccess access = KbAccessFilter.Access(context);
        CancellationToken cancellationToken = context.RequestAborted;

        int? rating = request.Rating?.Trim().ToLowerInvariant() switch { "up" => 1, "down" => -1, _ => null };
        if (rating is null)
        {
            return ApiProblems.BadRequest("field 'rating': use \"up\" or \"down\" / rating 须为 up 或 down");
        }

        string? comment = string.IsNullOrWhiteSpace(request.Comment) ? null : request.Comment.Trim();
        if (comment is { Length: > MaxComment })
        {
            return ApiProblems.BadRequest($"field 'comment': at most {MaxComment} characters / 评论最多 {MaxComment} 个字符");
        }

        if (request.Id is long id)
        {
            if (!await store.Feedback.UpdateAsync(access.Info.Id, access.User.Id, id, rating.Value, comment, cancellationToken).ConfigureAwait(false))
            {
                return ApiProblems.NotFound($"feedback {id}", "feedback_not_found");
            }

            return TypedResults.Ok(Describe((await store.Feedback.GetAsync(access.Info.Id, id, cancellationToken).ConfigureAwait(false))!));
        }

        if (string.IsNullOrWhiteSpace(request.Question) || request.Question.Length > MaxQuestion)
        {
            return ApiProblems.BadRequest($"field 'question': the question that was answered, 1 to {MaxQuestion} characters / 须提供被回答的问题");
        }

        if (string.IsNullOrWhiteSpace(request.Answer) || request.Answer.Length > MaxAnswer)
        {
            return ApiProblems.BadRequest($"field 'answer': the answer as shown, 1 to {MaxAnswer} characters / 须提供被评价的回答");
        }

        if (request.SessionId is long sessionId && (await store.Chats.GetAsync(access.User.Id, sessionId, cancellationToken).ConfigureAwait(false))?.KbId != access.Info.Id)
        {
            return ApiProblems.NotFound($"chat session {request.SessionId} in this knowledge base", "session_not_found");
        }

        long created = await store.Feedback.AddAsync(access.Info.Id, access.User.Id, request.SessionId, request.Question.Trim(), request.Answer, rating.Value, comment,
            cancellationToken).ConfigureAwait(false);
        FeedbackResponse body = Describe((await store.Feedback.GetAsync(access.Info.Id, created, cancellationToken).ConfigureAwait(false))!);
        return TypedResults.Created($"/api/kbs/{Uri.EscapeDataString(access.Info.Name)}/feedback/{created}", body);
    }

    private static async Task<Results<Ok<FeedbackListResponse>, ProblemHttpResult>> List(string kb, int? offset, int? limit, HttpContext context, ServerStore store)
    {
        KbAccess access = KbAccessFilter.Access(context);

        var feedback = (await store.Feedback.ListAsync(access.Info.Id, Math.Max(0, offset ?? 0), Math.Clamp(limit ?? 100, 1, 500), context.RequestAborted)
            .ConfigureAwait(false)).Select(Describe).ToList();
        return TypedResults.Ok(new FeedbackListResponse(feedback));
    }

    private static FeedbackResponse Describe(AnswerFeedback f) =>
        new(f.Id, f.UserName, f.SessionId, f.Question, f.Answer, f.Rating > 0 ? "up" : "down", f.Comment, f.CreatedAt, f.UpdatedAt);
}
