using Microsoft.Extensions.AI;
using Zhiku.Core.Answering.Clients;
using Zhiku.Core.Storage;
using Zhiku.Core.Storage.Sqlite;

namespace Zhiku.Core.Tests.Answering;

/// <summary>Every request that reaches the model is in the audit log, also when the caller cancels it.</summary>
public sealed class AuditingChatClientTests
{
    private static readonly AuditContext Context = new("tester", "hr", "cloud", "gpt-test", false);

    [Fact]
    public async Task AnAnsweredRequestIsRecordedWithItsPlaceholders()
    {
        using var temp = new TempFolder();
        IAuditStore audit = new SqliteAuditStore(MetadataStore.Open(Path.Combine(temp.Path, "zhiku.db")));
        using var client = new AuditingChatClient(new WaitingChatClient(answers: true), audit, Context);

        await client.GetResponseAsync([new ChatMessage(ChatRole.User, "[姓名_1]和[姓名_2]的年假？[姓名_1]")]);

        AuditRecord record = Assert.Single(await audit.ListAsync());
        Assert.Equal(("ok", "tester", "hr"), (record.Status, record.User, record.KnowledgeBase));
        Assert.Equal(new Dictionary<string, int> { ["姓名"] = 2 }, record.PlaceholderCounts);
        Assert.Equal([new AuditedMessage("user", "[姓名_1]和[姓名_2]的年假？[姓名_1]")], record.Sent);
    }

    [Fact]
    public async Task ACancelledRequestIsStillRecordedAsCancelled()
    {
        using var temp = new TempFolder();
        IAuditStore audit = new SqliteAuditStore(MetadataStore.Open(Path.Combine(temp.Path, "zhiku.db")));
        using var client = new AuditingChatClient(new WaitingChatClient(answers: false), audit, Context);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetResponseAsync([new ChatMessage(ChatRole.User, "年假？")], null, cancel.Token));
        using var streamCancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (ChatResponseUpdate _ in client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "加班？")], null, streamCancel.Token))
            {
            }
        });

        IReadOnlyList<AuditRecord> records = await audit.ListAsync();
        Assert.Equal(["cancelled", "cancelled"], records.Select(r => r.Status));
        Assert.Equal(["加班？", "年假？"], records.Select(r => r.Sent.Single().Text));
    }

    /// <summary>A model that answers at once, or waits until the request is cancelled.</summary>
    private sealed class WaitingChatClient(bool answers) : IChatClient
    {
        public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
            CancellationToken cancellationToken = default)
        {
            if (!answers)
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }

            return new ChatResponse(new ChatMessage(ChatRole.Assistant, "十天。"));
        }

        public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
            [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            yield return new ChatResponseUpdate(ChatRole.Assistant, "十");
            if (!answers)
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }

            yield return new ChatResponseUpdate(ChatRole.Assistant, "天。");
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
