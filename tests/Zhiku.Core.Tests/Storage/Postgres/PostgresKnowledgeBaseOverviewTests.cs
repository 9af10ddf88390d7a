using System.Collections.Concurrent;
using System.Diagnostics;
using Zhiku.Core.Access;
using Zhiku.Core.Chunking;
using Zhiku.Core.Storage;

namespace Zhiku.Core.Tests.Storage.Postgres;

/// <summary>The visible listing of <see cref="IKnowledgeBaseAccessStore"/> is read with a fixed number of statements,
/// as the interface promises, counted from the commands Npgsql traces (its <c>Npgsql</c> activity source).</summary>
public sealed class PostgresKnowledgeBaseOverviewTests
{
    private const string TestSource = "Zhiku.Tests.Overview";
    private static readonly ActivitySource Test = new(TestSource);

    [Fact]
    public async Task TheListingSendsAsManyCommandsForTenKnowledgeBasesAsForOne()
    {
        await using StoreEngine store = await StoreEngine.OpenAsync(StoreEngine.Postgres);
        IKnowledgeBaseAccessStore access = store.KnowledgeBaseAccess;
        UserInfo reader = await store.Users.CreateAsync("rita", UserRole.Reader, ["hr"]);
        await AddAsync(store, "kb0");
        int one = await CommandsAsync(() => access.ListVisibleAsync(reader));

        for (int i = 1; i < 10; i++)
        {
            await AddAsync(store, $"kb{i}");
        }

        IReadOnlyList<KnowledgeBaseOverview> listed = [];
        int ten = await CommandsAsync(async () => listed = await access.ListVisibleAsync(reader));

        Assert.Equal(10, listed.Count);
        Assert.All(listed, o => Assert.Equal((1L, 1), (o.ReadableDocuments, o.Settings.Count)));
        Assert.Equal(one, ten);
        Assert.InRange(one, 1, 3);
    }

    /// <summary>A knowledge base everyone may read, with a setting, a readable and an unreadable document.</summary>
    private static async Task AddAsync(StoreEngine store, string name)
    {
        long kb = await store.CreateKnowledgeBaseAsync(name);
        await store.KnowledgeBaseAccess.SetAccessAsync(kb, null, KbRole.Reader);
        await store.KnowledgeBaseAccess.SetSettingAsync(kb, "description", name);
        await store.Documents.ReplaceBatchAsync(kb, [("hr", [Document("hr", ["hr"])]), ("legal", [Document("legal", ["legal"])])]);
    }

    private static NewDocument Document(string key, IReadOnlyList<string> groups) =>
        new(null, key, null, key, "txt", "h-" + key, 9, "制度文本。", [new TextChunk(0, 0, 5, "制度文本。", "", null)], null) { Groups = groups };

    /// <summary>The Npgsql commands <paramref name="action"/> sends (traced under its own parent activity, so other
    /// tests running at the same time are not counted).</summary>
    private static async Task<int> CommandsAsync(Func<Task> action)
    {
        var commands = new ConcurrentBag<string>();
        string? parentId = null;
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "Npgsql" or TestSource,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.Source.Name == "Npgsql" && parentId is not null && activity.ParentSpanId.ToHexString() == parentId)
                {
                    commands.Add(activity.DisplayName);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        using (Activity parent = Test.StartActivity("overview")!)
        {
            parentId = parent.SpanId.ToHexString();
            await action();
        }

        return commands.Count;
    }
}
