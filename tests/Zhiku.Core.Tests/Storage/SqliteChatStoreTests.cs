using Zhiku.Core.Chat;
using Zhiku.Core.Storage;
using Zhiku.Core.Storage.Sqlite;

namespace Zhiku.Core.Tests.Storage;

/// <summary>The failure contract and ordering of <see cref="IChatStore"/> and <see cref="IFeedbackStore"/> over SQLite.</summary>
public sealed class SqliteChatStoreTests
{
    [Fact]
    public async Task TurnsComeBackInOrderAndOnlyToTheirUser()
    {
        using var temp = new TempFolder();
        MetadataStore metadata = MetadataStore.Open(Path.Combine(temp.Path, "zhiku.db"));
        KnowledgeBaseInfo kb = metadata.CreateKnowledgeBase("kb", "cloud");
        IChatStore chats = new SqliteChatStore(metadata);

        ChatSession session = await chats.CreateAsync(1, kb.Id, new string('问', 100));
        Assert.Equal(80, session.Title.Length);
        await chats.AppendAsync(session.Id, "user", "年假几天？", null, []);
        await chats.AppendAsync(session.Id, "assistant", "十天。", "{}", [7, 9]);

        IReadOnlyList<ChatMessage> turns = await chats.MessagesAsync(session.Id);
        Assert.Equal(["user", "assistant"], turns.Select(t => t.Role));
        Assert.Equal([7L, 9L], turns[1].CitedDocIds);
        Assert.Null(await chats.GetAsync(2, session.Id));
        Assert.False(await chats.DeleteAsync(2, session.Id));
        Assert.True(await chats.DeleteAsync(1, session.Id));
        Assert.Empty(await chats.ListAsync(1));
    }

    [Fact]
    public async Task AppendingToAMissingSessionOrCreatingInAMissingKnowledgeBaseIsNotFound()
    {
        using var temp = new TempFolder();
        MetadataStore metadata = MetadataStore.Open(Path.Combine(temp.Path, "zhiku.db"));
        IChatStore chats = new SqliteChatStore(metadata);
        IFeedbackStore feedback = new SqliteFeedbackStore(metadata);

        ZhikuException append = await Assert.ThrowsAsync<ZhikuException>(() => chats.AppendAsync(404, "user", "q", null, []));
        Assert.Equal(ErrorKind.NotFound, append.Kind);
        ZhikuException create = await Assert.ThrowsAsync<ZhikuException>(() => chats.CreateAsync(1, 404, "q"));
        Assert.Equal(ErrorKind.NotFound, create.Kind);
        ZhikuException rate = await Assert.ThrowsAsync<ZhikuException>(() => feedback.AddAsync(404, 1, null, "q", "a", 1, null));
        Assert.Equal(ErrorKind.NotFound, rate.Kind);
    }

    [Fact]
    public async Task ACancelledCallThrowsOperationCanceled()
    {
        using var temp = new TempFolder();
        MetadataStore metadata = MetadataStore.Open(Path.Combine(temp.Path, "zhiku.db"));
        IChatStore chats = new SqliteChatStore(metadata);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => chats.ListAsync(1, cancellationToken: cancelled.Token));
    }

    [Fact]
    public async Task RatingsAreNewestFirstAndChangedInPlace()
    {
        using var temp = new TempFolder();
        MetadataStore metadata = MetadataStore.Open(Path.Combine(temp.Path, "zhiku.db"));
        KnowledgeBaseInfo kb = metadata.CreateKnowledgeBase("kb", "cloud");
        IFeedbackStore feedback = new SqliteFeedbackStore(metadata);

        long first = await feedback.AddAsync(kb.Id, 1, null, "q1", "a1", 1, null);
        long second = await feedback.AddAsync(kb.Id, 1, null, "q2", "a2", -1, "wrong");
        Assert.Equal([second, first], (await feedback.ListAsync(kb.Id)).Select(f => f.Id));
        Assert.False(await feedback.UpdateAsync(kb.Id, 2, first, -1, null));
        Assert.True(await feedback.UpdateAsync(kb.Id, 1, first, -1, "changed"));
        AnswerFeedback changed = (await feedback.GetAsync(kb.Id, first))!;
        Assert.Equal((-1, "changed"), (changed.Rating, changed.Comment));
    }
}
