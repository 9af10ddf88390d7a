using Zhiku.Core.Documents;
using Zhiku.Core.Ingestion;
using Zhiku.Core.Storage;

namespace Zhiku.Core.Tests;

/// <summary>Builds documents for tests without going through a file parser.</summary>
public static class TestDocuments
{
    public static ExtractedDocument Plain(string id, string title, string text) =>
        new(id, title, text, [new TextBlock(0, text.Length, BlockKind.Paragraph, "", null)], "txt");

    public static NewDocument Prepared(KnowledgeBase kb, string id, string title, string text) =>
        new Ingestor(kb).Prepare(Plain(id, title, text), null, "test#" + id, "hash-" + id, text.Length);

    /// <summary>A small Chinese knowledge base about a fictional company's rules.</summary>
    public static readonly (string Id, string Title, string Text)[] Handbook =
    [
        ("leave", "年假制度", "员工转正后享受带薪年假，每年五天。试用期员工不享受带薪年假，但可以申请事假。年假需提前三个工作日在系统中申请。"),
        ("probation", "试用期规定", "新员工试用期一般为三个月，表现优秀者可以申请提前转正。试用期工资为转正工资的百分之八十。"),
        ("expense", "报销流程", "差旅费用报销需在出差结束后三十天内提交，附上发票原件。单笔超过五千元的报销需部门经理审批。"),
        ("product", "产品手册", "ZK-2024-001 型号的智能网关支持 Wi-Fi 6，固件版本 v2.3.1 修复了断线问题。"),
        ("canteen", "食堂安排", "公司食堂每天中午十一点半开放，提供三种套餐。周末食堂不开放。"),
    ];

    public static Task<int> LoadAsync(KnowledgeBase kb, params (string Id, string Title, string Text)[] documents) =>
        new Ingestor(kb).IngestDocumentsAsync(documents.Select(d => Prepared(kb, d.Id, d.Title, d.Text)));
}
