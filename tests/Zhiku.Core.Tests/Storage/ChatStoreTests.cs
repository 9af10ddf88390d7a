using Zhiku.Core.Chat;
using Zhiku.Core.Security;
using Zhiku.Core.Storage;

namespace Zhiku.Core.Tests.Storage;

/// <summary>The failure contract and ordering of <see cref="IChatStore"/> and <see cref="IFeedbackStore"/>, on every engine.</summary>
public sealed class ChatStoreTests
{
    [Theory]
    [MemberData(nameof(StoreEngine.All), MemberType = typeof(StoreEngine))]
    public async Task TurnsComeBackInOrderAndOnlyToTheirUser(string engine)
    {
        await using StoreEngine store = await StoreEngine.OpenAsync(engine);
        long kb = await store.CreateKnowledgeBaseAsync("kb");
        IChatStore chats = store.Chats;

        ChatSession session = await chats.CreateAsync(1, kb, new string('问', 100));
        Assert.Equal(80, session.Title.Length);
        Assert.Equal(session, await chats.GetAsync(1, session.Id));
        await chats.AppendAsync(session.Id, "user", "年假几天？", null, []);
        await chats.AppendAsync(session.Id, "assistant", "十天。", "{}", [7, 9]);

        IReadOnlyList<ChatMessage> turns = await chats.MessagesAsync(session.Id);
        Assert.Equal(["user", "assistant"], turns.Select(t => t.Role));
        Assert.Equal(["年假几天？", "十天。"], turns.Select(t => t.Text));
        Assert.Equal((null, "{}"), (turns[0].Payload, turns[1].Payload));
        Assert.Empty(turns[0].CitedDocIds);
        Assert.Equal([7L, 9L], turns[1].CitedDocIds);
        Assert.Null(await chats.GetAsync(2, session.Id));
        Assert.False(await chats.DeleteAsync(2, session.Id));
        Assert.True(await chats.DeleteAsync(1, session.Id));
        Assert.Empty(await chats.ListAsync(1));
        Assert.Empty(await chats.MessagesAsync(session.Id));
    }

    [Theory]
    [MemberData(nameof(StoreEngine.All), MemberType = typeof(StoreEngine))]
    public async Task SessionsAreListedMostRecentlyUsedFirst(string engine)
    {
        await using StoreEngine store = await StoreEngine.OpenAsync(engine);
        long kb = await store.CreateKnowledgeBaseAsync("kb");
        IChatStore chats = store.Chats;

        ChatSession older = await chats.CreateAsync(1, kb, "first");
        ChatSession newer = await chats.CreateAsync(1, kb, "second");
        await chats.CreateAsync(2, kb, "someone else's");
        Assert.Equal([newer.Id, older.Id], (await chats.ListAsync(1)).Select(s => s.Id));

        await Task.Delay(5);
        await chats.AppendAsync(older.Id, "user", "again", null, []);
        Assert.Equal([older.Id, newer.Id], (await chats.ListAsync(1)).Select(s => s.Id));
        Assert.Equal([older.Id], (await chats.ListAsync(1, limit: 1)).Select(s => s.Id));
    }

    [Theory]
    [MemberData(nameof(StoreEngine.All), MemberType = typeof(StoreEngine))]
    public async Task AppendingToAMissingSessionOrCreatingInAMissingKnowledgeBaseIsNotFound(string engine)
    {
        await using StoreEngine store = await StoreEngine.OpenAsync(engine);

        ZhikuException append = await Assert.ThrowsAsync<ZhikuException>(() => store.Chats.AppendAsync(404, "user", "q", null, []));
        Assert.Equal(ErrorKind.NotFound, append.Kind);
        ZhikuException create = await Assert.ThrowsAsync<ZhikuException>(() => store.Chats.CreateAsync(1, 404, "q"));
        Assert.Equal(ErrorKind.NotFound, create.Kind);
        ZhikuException rate = await Assert.ThrowsAsync<ZhikuException>(() => store.Feedback.AddAsync(404, 1, null, "q", "a", 1, null));
        Assert.Equal(ErrorKind.NotFound, rate.Kind);
    }

    [Theory]
    [MemberData(nameof(StoreEngine.All), MemberType = typeof(StoreEngine))]
    public async Task ACancelledCallThrowsOperationCanceled(string engine)
    {
        await using StoreEngine store = await StoreEngine.OpenAsync(engine);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.Chats.ListAsync(1, cancellationToken: cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.Feedback.ListAsync(1, cancellationToken: cancelled.Token));
    }

    [Theory]
    [MemberData(nameof(StoreEngine.All), MemberType = typeof(StoreEngine))]
    public async Task RatingsAreNewestFirstAndChangedInPlace(string engine)
    {
        await using StoreEngine store = await StoreEngine.OpenAsync(engine);
        long kb = await store.CreateKnowledgeBaseAsync("kb");
        IFeedbackStore feedback = store.Feedback;

        long first = await feedback.AddAsync(kb, 1, null, "q1", "a1", 1, null);
        long second = await feedback.AddAsync(kb, 1, 42, "q2", "a2", -1, "wrong");
        Assert.Equal([second, first], (await feedback.ListAsync(kb)).Select(f => f.Id));
        Assert.Equal([first], (await feedback.ListAsync(kb, offset: 1)).Select(f => f.Id));
        Assert.False(await feedback.UpdateAsync(kb, 2, first, -1, null));
        Assert.True(await feedback.UpdateAsync(kb, 1, first, -1, "changed"));
        AnswerFeedback changed = (await feedback.GetAsync(kb, first))!;
        Assert.Equal((-1, "changed", "q1", "a1", (long?)null), (changed.Rating, changed.Comment, changed.Question, changed.Answer, changed.SessionId));
        Assert.Equal(42, (await feedback.GetAsync(kb, second))!.SessionId);
        Assert.Null(await feedback.GetAsync(kb + 1, first));
    }

    [Theory]
    [MemberData(nameof(StoreEngine.All), MemberType = typeof(StoreEngine))]
    public async Task WithAKeyChatsAndRatingsAreStoredEncrypted(string engine)
    {
        await using StoreEngine store = await StoreEngine.OpenAsync(engine, EncryptionKey.Generate());
        long kb = await store.CreateKnowledgeBaseAsync("kb");

        ChatSession session = await store.Chats.CreateAsync(1, kb, "年假几天？");
        await store.Chats.AppendAsync(session.Id, "assistant", "十天。", "{\"answer\":\"十天\"}", []);
        await store.Feedback.AddAsync(kb, 1, session.Id, "年假几天？", "十天。", 1, "准确");

        foreach (string sql in new[]
        {
            "SELECT title FROM chat_sessions", "SELECT text FROM chat_messages", "SELECT payload FROM chat_messages",
            "SELECT question FROM answer_feedback", "SELECT answer FROM answer_feedback", "SELECT comment FROM answer_feedback",
        })
        {
            string stored = (await store.StoredTextAsync(sql))!;
            Assert.StartsWith("enc:", stored, StringComparison.Ordinal);
            Assert.DoesNotContain("十天", stored, StringComparison.Ordinal);
        }

        Assert.Equal("年假几天？", (await store.Chats.GetAsync(1, session.Id))!.Title);
        Assert.Equal("十天。", (await store.Chats.MessagesAsync(session.Id))[0].Text);
        Assert.Equal("准确", (await store.Feedback.ListAsync(kb))[0].Comment);
    }
}
