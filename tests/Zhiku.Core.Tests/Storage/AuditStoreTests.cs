using Microsoft.Data.Sqlite;
using Zhiku.Core.Security;
using Zhiku.Core.Storage;
using Zhiku.Core.Storage.Sqlite;

namespace Zhiku.Core.Tests.Storage;

/// <summary>Round trip, order and the failure contract of <see cref="IAuditStore"/> on every engine.</summary>
public sealed class AuditStoreTests
{
    [Theory]
    [MemberData(nameof(StoreEngine.All), MemberType = typeof(StoreEngine))]
    public async Task RecordsComeBackNewestFirstAsTheyWereSent(string engine)
    {
        await using StoreEngine store = await StoreEngine.OpenAsync(engine);
        IAuditStore audit = store.Audit;
        var time = new DateTimeOffset(2026, 3, 1, 9, 30, 0, TimeSpan.Zero);

        long first = await audit.AppendAsync(Record("hr", time, "ok", [new("system", "只用资料回答。"), new("user", "[姓名_1]的年假几天？")]));
        long second = await audit.AppendAsync(Record("finance", time.AddMinutes(1), "failed", [new("user", "预算？")]));
        long third = await audit.AppendAsync(Record("hr", time.AddMinutes(2), "cancelled", [new("user", "加班？")]));

        Assert.Equal([third, second, first], (await audit.ListAsync()).Select(r => r.Id));
        Assert.Equal([third, first], (await audit.ListAsync(knowledgeBase: "hr")).Select(r => r.Id));
        Assert.Equal([third, second], (await audit.ListAsync(limit: 2)).Select(r => r.Id));
        Assert.Empty(await audit.ListAsync(knowledgeBase: "none"));
        Assert.Equal([third], (await audit.ListAsync(limit: 0)).Select(r => r.Id));

        AuditRecord read = (await audit.GetAsync(first))!;
        Assert.Equal((first, time, "tester", "hr", "cloud", "gpt-test", false, "ok", 42L),
            (read.Id, read.Time, read.User, read.KnowledgeBase, read.Provider, read.Model, read.Local, read.Status, read.DurationMs));
        Assert.Equal(TimeSpan.Zero, read.Time.Offset);
        Assert.Equal(new Dictionary<string, int> { ["姓名"] = 1 }, read.PlaceholderCounts);
        Assert.Equal([new AuditedMessage("system", "只用资料回答。"), new AuditedMessage("user", "[姓名_1]的年假几天？")], read.Sent);
        Assert.Empty((await audit.GetAsync(second))!.PlaceholderCounts);
        Assert.Null(await audit.GetAsync(404));
    }

    [Theory]
    [MemberData(nameof(StoreEngine.All), MemberType = typeof(StoreEngine))]
    public async Task ALocalModelAndATimeInAnotherZoneReadBackAsTheSameInstant(string engine)
    {
        await using StoreEngine store = await StoreEngine.OpenAsync(engine);
        var beijing = new DateTimeOffset(2026, 3, 1, 17, 30, 0, TimeSpan.FromHours(8));

        long id = await store.Audit.AppendAsync(Record("hr", beijing, "ok", [new("user", "年假？")]) with { Local = true, DurationMs = 3_000_000_000 });

        AuditRecord read = (await store.Audit.GetAsync(id))!;
        Assert.Equal(beijing.UtcDateTime, read.Time.UtcDateTime);
        Assert.True(read.Local);
        Assert.Equal(3_000_000_000, read.DurationMs);
    }

    [Theory]
    [MemberData(nameof(StoreEngine.All), MemberType = typeof(StoreEngine))]
    public async Task WithAKeyWhatWasSentIsStoredEncryptedAndReadsBack(string engine)
    {
        await using StoreEngine store = await StoreEngine.OpenAsync(engine, EncryptionKey.Generate());
        IAuditStore audit = store.Audit;

        long id = await audit.AppendAsync(Record("hr", DateTimeOffset.UtcNow, "ok", [new("user", "北斗项目的预算是多少？")]));

        string stored = (await store.StoredTextAsync($"SELECT sent FROM audit_log WHERE id = {id};"))!;
        Assert.StartsWith("enc:", stored, StringComparison.Ordinal);
        Assert.DoesNotContain("北斗", stored, StringComparison.Ordinal);
        Assert.Equal("北斗项目的预算是多少？", (await audit.GetAsync(id))!.Sent.Single().Text);
        Assert.Equal("北斗项目的预算是多少？", (await audit.ListAsync())[0].Sent.Single().Text);
    }

    [Theory]
    [MemberData(nameof(StoreEngine.All), MemberType = typeof(StoreEngine))]
    public async Task EncryptedMessagesReadWithoutAKeyAreForbidden(string engine)
    {
        await using StoreEngine store = await StoreEngine.OpenAsync(engine);
        long id = await store.Audit.AppendAsync(Record("hr", DateTimeOffset.UtcNow, "ok", [new("user", "年假？")]));
        // What a record written under a key looks like to a node configured without one.
        await store.ExecuteAsync($"UPDATE audit_log SET sent = 'enc:AAAA' WHERE id = {id};");

        ZhikuException ex = await Assert.ThrowsAsync<ZhikuException>(() => store.Audit.GetAsync(id));
        Assert.Equal(ErrorKind.Forbidden, ex.Kind);
    }

    [Theory]
    [MemberData(nameof(StoreEngine.All), MemberType = typeof(StoreEngine))]
    public async Task ACancelledCallThrowsOperationCanceledAndRecordsNothing(string engine)
    {
        await using StoreEngine store = await StoreEngine.OpenAsync(engine);
        IAuditStore audit = store.Audit;
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => audit.AppendAsync(Record("hr", DateTimeOffset.UtcNow, "ok", [new("user", "年假？")]), cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => audit.ListAsync(cancellationToken: cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => audit.GetAsync(1, cancelled.Token));
        Assert.Empty(await audit.ListAsync());
    }

    [Fact]
    public async Task AStoreWhoseFileCannotBeOpenedIsUnavailable()
    {
        using var temp = new TempFolder();
        string folder = Path.Combine(temp.Path, "store");
        Directory.CreateDirectory(folder);
        IAuditStore audit = new SqliteAuditStore(MetadataStore.Open(Path.Combine(folder, "zhiku.db")));

        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);

        ZhikuException ex = await Assert.ThrowsAsync<ZhikuException>(() => audit.ListAsync());
        Assert.Equal(ErrorKind.Unavailable, ex.Kind);
        Assert.IsType<SqliteException>(ex.InnerException);
    }

    private static AuditRecord Record(string kb, DateTimeOffset time, string status, IReadOnlyList<AuditedMessage> sent) =>
        new(0, time, "tester", kb, "cloud", "gpt-test", false, status, 42,
            sent.Any(m => m.Text.Contains("[姓名_1]", StringComparison.Ordinal)) ? new Dictionary<string, int> { ["姓名"] = 1 } : [], sent);
}
