using Microsoft.Data.Sqlite;
using Zhiku.Core.Security;
using Zhiku.Core.Storage;
using Zhiku.Core.Storage.Sqlite;

namespace Zhiku.Core.Tests.Storage;

/// <summary>Round trip, order and the failure contract of <see cref="IAuditStore"/> over SQLite.</summary>
public sealed class SqliteAuditStoreTests
{
    [Fact]
    public async Task RecordsComeBackNewestFirstAsTheyWereSent()
    {
        using var temp = new TempFolder();
        IAuditStore audit = new SqliteAuditStore(MetadataStore.Open(Path.Combine(temp.Path, "zhiku.db")));
        var time = new DateTimeOffset(2026, 3, 1, 9, 30, 0, TimeSpan.Zero);

        long first = await audit.AppendAsync(Record("hr", time, "ok", [new("system", "只用资料回答。"), new("user", "[姓名_1]的年假几天？")]));
        long second = await audit.AppendAsync(Record("finance", time.AddMinutes(1), "failed", [new("user", "预算？")]));
        long third = await audit.AppendAsync(Record("hr", time.AddMinutes(2), "cancelled", [new("user", "加班？")]));

        Assert.Equal([third, second, first], (await audit.ListAsync()).Select(r => r.Id));
        Assert.Equal([third, first], (await audit.ListAsync(knowledgeBase: "hr")).Select(r => r.Id));
        Assert.Empty(await audit.ListAsync(knowledgeBase: "none"));
        Assert.Equal([third], (await audit.ListAsync(limit: 0)).Select(r => r.Id));

        AuditRecord read = (await audit.GetAsync(first))!;
        Assert.Equal((first, time, "tester", "hr", "cloud", "gpt-test", false, "ok", 42L),
            (read.Id, read.Time, read.User, read.KnowledgeBase, read.Provider, read.Model, read.Local, read.Status, read.DurationMs));
        Assert.Equal(new Dictionary<string, int> { ["姓名"] = 1 }, read.PlaceholderCounts);
        Assert.Equal([new AuditedMessage("system", "只用资料回答。"), new AuditedMessage("user", "[姓名_1]的年假几天？")], read.Sent);
        Assert.Null(await audit.GetAsync(404));
    }

    [Fact]
    public async Task WithAKeyWhatWasSentIsStoredEncryptedAndReadsBack()
    {
        using var temp = new TempFolder();
        string path = Path.Combine(temp.Path, "zhiku.db");
        IAuditStore audit = new SqliteAuditStore(MetadataStore.Open(path, EncryptionKey.Generate()));

        long id = await audit.AppendAsync(Record("hr", DateTimeOffset.UtcNow, "ok", [new("user", "北斗项目的预算是多少？")]));

        string stored;
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = "SELECT sent FROM audit_log WHERE id = $id;";
            command.Parameters.AddWithValue("$id", id);
            stored = (string)command.ExecuteScalar()!;
        }

        Assert.StartsWith("enc:", stored, StringComparison.Ordinal);
        Assert.DoesNotContain("北斗", stored, StringComparison.Ordinal);
        Assert.Equal("北斗项目的预算是多少？", (await audit.GetAsync(id))!.Sent.Single().Text);
        Assert.Equal("北斗项目的预算是多少？", (await audit.ListAsync())[0].Sent.Single().Text);
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

    [Fact]
    public async Task ACancelledCallThrowsOperationCanceledAndRecordsNothing()
    {
        using var temp = new TempFolder();
        IAuditStore audit = new SqliteAuditStore(MetadataStore.Open(Path.Combine(temp.Path, "zhiku.db")));
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => audit.AppendAsync(Record("hr", DateTimeOffset.UtcNow, "ok", [new("user", "年假？")]), cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => audit.ListAsync(cancellationToken: cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => audit.GetAsync(1, cancelled.Token));
        Assert.Empty(await audit.ListAsync());
    }

    private static AuditRecord Record(string kb, DateTimeOffset time, string status, IReadOnlyList<AuditedMessage> sent) =>
        new(0, time, "tester", kb, "cloud", "gpt-test", false, status, 42,
            sent.Any(m => m.Text.Contains("[姓名_1]", StringComparison.Ordinal)) ? new Dictionary<string, int> { ["姓名"] = 1 } : [], sent);
}
