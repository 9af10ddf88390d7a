namespace Zhiku.Server.Tests;

/// <summary>Small documents the tests upload: a public handbook and a secret HR file with canary strings.</summary>
public static class Corpus
{
    public const string PublicName = "handbook.md";

    public const string Public = """
        # 员工手册

        ## 年假

        试用期员工不享受带薪年假，转正后按当年剩余日历天数折算年假。正式员工每年享有十天带薪年假。

        ## 报销

        差旅费用须在出差结束后三十天内提交报销申请，逾期不予报销。薪酬调整方案每年四月公布。
        """;

    /// <summary>A unique string that appears only in the secret document.</summary>
    public const string Canary = "ZETA7781";

    public const string SecretTitle = "绝密薪酬名单";

    public const string SecretName = "secret-salaries.md";

    public const string Secret = $"""
        # {SecretTitle}

        ## 薪酬调整方案

        机密代号 {Canary}：总经理薪酬调整方案为年薪九十万元，薪酬调整自四月起执行。差旅费用报销由财务总监审批。
        """;
}
