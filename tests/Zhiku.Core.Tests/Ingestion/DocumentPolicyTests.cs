using Zhiku.Core.Access;
using Zhiku.Core.Ingestion;
using Zhiku.Core.Privacy;
using Zhiku.Core.Storage;

namespace Zhiku.Core.Tests.Ingestion;

/// <summary>Where knowledge base, requested document policy and rules meet, the strictest wins
/// (forbidden &gt; local-only &gt; cloud), in every combination, through a real store and real ingests.</summary>
public sealed class DocumentPolicyTests
{
    private static readonly string?[] Requests = [null, DataPolicy.Cloud, DataPolicy.LocalOnly, DataPolicy.Forbidden];

    // Each rule matches a keyword; a document holds the keyword of the rule under test (or none).
    private static readonly Dictionary<string, string> RuleKeyword = new()
    {
        [DataPolicy.Cloud] = "公开资料",
        [DataPolicy.LocalOnly] = "内部资料",
        [DataPolicy.Forbidden] = "绝密",
    };

    private static readonly PrivacyRule[] Rules = RuleKeyword.Select(kv => new PrivacyRule(kv.Key) { Keywords = [kv.Value] }).ToArray();

    private static ChunkRecord Chunk(string? policy) => new(0, 0, 0, "", null, 0, 0, "", "", null, null) { Policy = policy };

    [Fact]
    public async Task TheStrictestOfKnowledgeBaseRequestAndRuleWinsInEveryCombination()
    {
        using var temp = new TempFolder();
        ZhikuStore store = ZhikuStore.Open(Path.Combine(temp.Path, "store"));
        int checkedCombinations = 0;
        foreach (string kbPolicy in DataPolicy.All)
        {
            string name = "kb-" + kbPolicy;
            await store.CreateKnowledgeBaseAsync(name, kbPolicy);
            using KnowledgeBase kb = await store.OpenKnowledgeBaseAsync(name);
            foreach (string? requested in Requests)
            {
                foreach (string? rule in new string?[] { null }.Concat(DataPolicy.All))
                {
                    string file = temp.File($"{kbPolicy}/{requested ?? "none"}-{rule ?? "none"}.md",
                        // Each file's text is its own: files with equal content become sources of one document.
                        $"# 报销说明\n\n差旅报销须在六十天内提交（{kbPolicy}/{requested ?? "none"}）。{(rule is null ? "" : RuleKeyword[rule])}\n");
                    bool looser = requested is not null && DataPolicy.Rank(requested) < DataPolicy.Rank(kbPolicy);
                    if (looser)
                    {
                        var refused = Assert.Throws<ZhikuException>(() => DocumentPolicy.EnsureNotLooser(kb.Info, requested, "--policy"));
                        Assert.Contains(requested!, refused.Message);
                        Assert.Contains(kbPolicy, refused.Message);
                        Assert.Contains(name, refused.Message);
                        Assert.Equal(ErrorKind.Conflict, refused.Kind);
                    }
                    else
                    {
                        DocumentPolicy.EnsureNotLooser(kb.Info, requested, "--policy");
                    }

                    // Even unchecked (a queued job whose knowledge base was tightened since), ingest never loosens.
                    var ingestor = new Ingestor(kb, new IngestOptions { Policy = requested, PolicyRules = Rules });
                    IngestSummary summary = await ingestor.IngestAsync([file]);
                    Assert.Equal(1, summary.Ingested);
                    DocumentInfo document = Assert.Single(await kb.Store.Documents.FindBySourceAsync(kb.Info.Id, Path.GetFullPath(file)));
                    string expected = new[] { kbPolicy, requested, rule }.OrderByDescending(DataPolicy.Rank).First()!;
                    Assert.True(expected == (await kb.EffectivePolicyAsync(Chunk(document.Policy))),
                        $"kb {kbPolicy}, requested {requested ?? "none"}, rule {rule ?? "none"}: expected {expected}, stored {document.Policy ?? "inherit"}");
                    checkedCombinations++;
                }
            }
        }

        Assert.Equal(3 * 4 * 4, checkedCombinations);
    }

    [Fact]
    public async Task AKnowledgeBaseTightenedAfterIngestWinsOverTheDocumentsItHolds()
    {
        using var temp = new TempFolder();
        ZhikuStore store = ZhikuStore.Open(Path.Combine(temp.Path, "store"));
        await store.CreateKnowledgeBaseAsync("hr", DataPolicy.Cloud);
        using KnowledgeBase kb = await store.OpenKnowledgeBaseAsync("hr");
        string file = temp.File("a.md", "# 花名册\n\n张伟，工号 1001。\n");
        await new Ingestor(kb, new IngestOptions { Policy = DataPolicy.Cloud }).IngestAsync([file]);
        DocumentInfo document = Assert.Single(await kb.Store.Documents.ListAsync(kb.Info.Id));

        Assert.True(await store.KnowledgeBases.SetPolicyAsync(kb.Info.Id, DataPolicy.LocalOnly));

        // The open handle (as the server keeps one) sees the new policy, and it beats the document's own.
        Assert.Equal(DataPolicy.LocalOnly, (await kb.EffectivePolicyAsync(Chunk(document.Policy))));
        Assert.True(await store.KnowledgeBases.SetPolicyAsync(kb.Info.Id, DataPolicy.Forbidden));
        Assert.Empty(await kb.SearchAsync("张伟"));
    }
}
