using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;
using Zhiku.Core.Storage;

namespace Zhiku.Core.Answering.Clients;

/// <summary>
/// Records every request that reaches the model in the audit log: time, user, knowledge base, provider, the
/// messages exactly as sent (already desensitized by the outbound filter) and the placeholders in them by type.
/// It sits innermost, next to the model, so nothing reaches the model unrecorded. A cancelled request is recorded too
/// (status cancelled), so the record is written without the request's token; a record that cannot be written fails
/// the request with the store's error (<see cref="IAuditStore"/>).
/// </summary>
public sealed partial class AuditingChatClient : DelegatingChatClient
{
    private readonly IAuditStore _log;
    private readonly AuditContext _context;

    public AuditingChatClient(IChatClient inner, IAuditStore log, AuditContext context)
        : base(inner)
    {
        this._log = log;
        this._context = context;
    }

    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        List<ChatMessage> sent = messages.ToList();
        var clock = Stopwatch.StartNew();
        string status = "failed";
        try
        {
            ChatResponse response = await base.GetResponseAsync(sent, options, cancellationToken).ConfigureAwait(false);
            status = "ok";
            return response;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            status = "cancelled";
            throw;
        }
        finally
        {
            await RecordAsync(sent, status, clock.ElapsedMilliseconds).ConfigureAwait(false);
        }
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        List<ChatMessage> sent = messages.ToList();
        var clock = Stopwatch.StartNew();
        string status = "failed";
        try
        {
            await foreach (ChatResponseUpdate update in base.GetStreamingResponseAsync(sent, options, cancellationToken).ConfigureAwait(false))
            {
                yield return update;
            }

            status = "ok";
        }
        finally
        {
            await RecordAsync(sent, cancellationToken.IsCancellationRequested ? "cancelled" : status, clock.ElapsedMilliseconds).ConfigureAwait(false);
        }
    }

    private async Task RecordAsync(List<ChatMessage> sent, string status, long durationMs)
    {
        var messages = sent.Select(m => new AuditedMessage(m.Role.Value, m.Text)).ToList();
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (Match match in messages.SelectMany(m => Placeholder().Matches(m.Text)).DistinctBy(m => m.Value))
        {
            string type = match.Groups["type"].Value;
            counts[type] = counts.GetValueOrDefault(type) + 1;
        }

        // Not the request's token: what reached the model is recorded even when the caller gave up waiting for it.
        await _log.AppendAsync(new AuditRecord(0, DateTimeOffset.UtcNow, _context.User, _context.KnowledgeBase, _context.Provider, _context.Model,
            _context.Local, status, durationMs, counts, messages), CancellationToken.None).ConfigureAwait(false);
    }

    [GeneratedRegex(@"[\[【](?<type>[^\[\]【】_\s]{1,16})_[0-9]{1,4}[\]】]")]
    private static partial Regex Placeholder();
}

/// <summary>Who and what an audited request is for.</summary>
public sealed record AuditContext(string User, string KnowledgeBase, string Provider, string Model, bool Local);
