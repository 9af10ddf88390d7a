using Zhiku.Core.Answering;
using Zhiku.Core.Answering.Prompting;

namespace Zhiku.Core.Tests.Answering;

public sealed class PromptBuilderTests
{
    private static readonly SourcePassage[] Sources =
    [
        new(1, "试用期员工不享受带薪年假。") { Title = "员工手册", Heading = "第三章 > 年假", Page = 3 },
        new(2, "转正后员工每年享有5天带薪年假。") { Title = "员工手册" },
    ];

    [Fact]
    public void Chinese_question_gets_numbered_sources_and_the_chinese_template()
    {
        BuiltPrompt prompt = new PromptBuilder().Build("试用期员工可以休年假吗？", Sources, null, 3000, null);

        Assert.Equal(AnswerLanguage.Chinese, prompt.Language);
        Assert.Contains("[1] 标题：员工手册 | 章节：第三章 > 年假 | 第 3 页\n试用期员工不享受带薪年假。", prompt.User, StringComparison.Ordinal);
        Assert.Contains("[2] 标题：员工手册\n转正后员工每年享有5天带薪年假。", prompt.User, StringComparison.Ordinal);
        Assert.EndsWith("问题：试用期员工可以休年假吗？", prompt.User, StringComparison.Ordinal);
        Assert.Contains("只能依据", prompt.System, StringComparison.Ordinal);
        Assert.Contains(AnswerLanguages.NotFoundZh, prompt.System, StringComparison.Ordinal);
        Assert.Equal(2, prompt.Sources.Count);
        Assert.Equal(0, prompt.OmittedSources);
        Assert.True(prompt.TokenCount > 0);
    }

    [Fact]
    public void English_question_gets_the_english_template_and_configured_not_found_text()
    {
        BuiltPrompt prompt = new PromptBuilder().Build("Can probation staff take leave?", Sources, null, 3000, "Nothing in the handbook.");

        Assert.Equal(AnswerLanguage.English, prompt.Language);
        Assert.Contains("[1] Title: 员工手册 | Section: 第三章 > 年假 | Page 3", prompt.User, StringComparison.Ordinal);
        Assert.Contains("Nothing in the handbook.", prompt.System, StringComparison.Ordinal);
        Assert.Equal("Nothing in the handbook.", prompt.NotFoundText);
    }

    [Fact]
    public void Sources_beyond_the_budget_are_cut_or_left_out()
    {
        string longText = string.Concat(Enumerable.Repeat("公司规定员工每年享有带薪年假，具体天数按工龄计算。", 80));
        SourcePassage[] sources = [new(1, longText), new(2, "CANARY-SECOND-SOURCE 不应出现在提示词中。")];
        var counter = PromptTokenCounter.Default;

        BuiltPrompt prompt = new PromptBuilder().Build("年假怎么计算？", sources, null, 600, null);

        Assert.True(prompt.TokenCount <= 600, $"{prompt.TokenCount} tokens");
        Assert.Single(prompt.Sources);
        Assert.Equal(1, prompt.OmittedSources);
        Assert.EndsWith("…", prompt.Sources[0].Text, StringComparison.Ordinal);
        Assert.EndsWith("。…", prompt.Sources[0].Text, StringComparison.Ordinal);
        Assert.DoesNotContain("CANARY", prompt.User, StringComparison.Ordinal);
        Assert.Equal(prompt.TokenCount, counter.Count(prompt.System!) + counter.Count(prompt.User));
    }

    [Fact]
    public void Template_file_replaces_the_built_in_one_and_document_text_is_not_substituted_again()
    {
        var template = PromptTemplate.Parse("[system]\n你是法律助手，引用法条。\n[user]\n法条：\n{{sources}}\n提问：{{question}}\n无答案时说：{{not_found}}", "legal.txt");
        SourcePassage[] sources = [new(1, "文中出现 {{question}} 字样也只是文字。")];

        BuiltPrompt prompt = new PromptBuilder().Build("违约金上限？", sources, template, 3000, null);

        Assert.Equal("你是法律助手，引用法条。", prompt.System);
        Assert.Contains("文中出现 {{question}} 字样也只是文字。", prompt.User, StringComparison.Ordinal);
        Assert.Contains("提问：违约金上限？", prompt.User, StringComparison.Ordinal);
        Assert.Contains("无答案时说：" + AnswerLanguages.NotFoundZh, prompt.User, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{{question}} only", "{{sources}}")]
    [InlineData("{{sources}} only", "{{question}}")]
    [InlineData("{{sources}} {{question}} {{context}}", "{{context}}")]
    public void Template_errors_name_the_file_and_placeholder(string text, string expected)
    {
        var ex = Assert.Throws<ZhikuException>(() => PromptTemplate.Parse(text, "/kb/prompt.txt"));

        Assert.Contains("/kb/prompt.txt", ex.Message, StringComparison.Ordinal);
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Very_long_question_does_not_push_out_every_source()
    {
        string question = string.Concat(Enumerable.Repeat("年假", 5000)) + "？";

        BuiltPrompt prompt = new PromptBuilder().Build(question, Sources, null, 1000, null);

        Assert.NotEmpty(prompt.Sources);
        Assert.True(prompt.TokenCount <= 1000, $"{prompt.TokenCount} tokens");
    }
}
