using Microsoft.Data.Sqlite;
using Zhiku.Core.Access;
using Zhiku.Core.Ingestion;
using Zhiku.Core.Storage;

namespace Zhiku.Core.Tests.Storage;

public sealed class DocumentGroupsTests
{
    [Fact]
    public async Task A_database_from_before_groups_gets_the_column_on_open()
    {
        using var folder = new TempFolder();
        ZhikuStore.Open(folder.Path);
        using (var connection = new SqliteConnection($"Data Source={Path.Combine(folder.Path, "zhiku.db")}"))
        {
            connection.Open();
            using SqliteCommand drop = connection.CreateCommand();
            // A database of a release before groups also predates recorded migrations (schema_version 1, no schema_migrations).
            drop.CommandText = "ALTER TABLE documents DROP COLUMN groups; DROP TABLE schema_migrations; UPDATE meta SET value = '1' WHERE key = 'schema_version';";
            drop.ExecuteNonQuery();
        }

        SqliteConnection.ClearAllPools();
        ZhikuStore store = ZhikuStore.Open(folder.Path);
        ZhikuStore.Open(folder.Path);
        using KnowledgeBase kb = await store.OpenKnowledgeBaseAsync("default");
        Assert.Empty(await store.Documents.ListAsync(kb.Info.Id));
    }

    [Fact]
    public async Task Search_and_ask_exclude_unreadable_documents_before_the_top_k_cut()
    {
        using var folder = new TempFolder();
        ZhikuStore store = ZhikuStore.Open(Path.Combine(folder.Path, "store"));
        using KnowledgeBase kb = await store.OpenKnowledgeBaseAsync("default");
        string open = folder.File("open.md", "# 手册\n\n年假规定：正式员工每年十天年假。");
        string secret = folder.File("secret.md", "# 机密\n\n年假规定年假年假：高管年假二十天，年假可累积。");
        await new Ingestor(kb).IngestAsync([open]);
        await new Ingestor(kb, new IngestOptions { Groups = ["hr"] }).IngestAsync([secret]);

        Assert.Equal("机密", (await kb.SearchAsync("年假规定 可累积", 1))[0].Chunk.Title);
        var outsider = ReadAccess.ForGroups([]);
        var top = await kb.SearchAsync("年假规定 可累积", 1, access: outsider);
        Assert.Single(top);
        Assert.Equal("手册", top[0].Chunk.Title);
        Assert.Equal("机密", (await kb.SearchAsync("高管", 5, access: ReadAccess.ForGroups(["HR"])))[0].Chunk.Title);
        Assert.Empty(await kb.SearchAsync("高管", 5, access: outsider));
        Assert.DoesNotContain((await kb.AskAsync("高管年假多少天？", outsider)).Citations, c => c.Title == "机密");

        long secretId = (await store.Documents.ListAsync(kb.Info.Id)).Single(d => d.Title == "机密").Id;
        await store.Groups.SetDocumentGroupsAsync(kb.Info.Id, secretId, []);
        Assert.Equal("机密", (await kb.SearchAsync("高管", 5, access: outsider))[0].Chunk.Title);
    }
}
