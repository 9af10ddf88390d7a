using Zhiku.Core.Answering;
using Zhiku.Core.Answering.Citations;

namespace Zhiku.Core.Tests.Answering;

public sealed class CitationCheckerTests
{
    private static readonly SourcePassage[] Handbook =
    [
        new(1, "试用期员工不享受带薪年假。转正后，员工每年享有5天带薪年假，工作满十年后增加到10天。") { Title = "员工手册", Heading = "第三章 > 年假" },
        new(2, "差旅报销须在出差结束后30日内提交，住宿标准为每晚不超过¥450，2024年3月1日起执行。") { Title = "报销制度" },
        new(3, "Product ZK-2024-001 ships with a 2-year warranty. Contact Alice Wang for support.") { Title = "Product manual" },
    ];

    private static Task<CitationCheckResult> Check(string answer) => new CitationChecker().CheckAsync(answer, Handbook);

    [Fact]
    public async Task Well_cited_answer_is_fully_grounded()
    {
        CitationCheckResult result = await Check("试用期员工不享受带薪年假[1]。转正后员工每年享有5天带薪年假[1]。");

        Assert.Equal(2, result.Sentences.Count);
        Assert.All(result.Sentences, s => Assert.True(s.Supported, $"{s.Text} scored {s.SupportScore}"));
        Assert.All(result.Sentences, s => Assert.Equal([1], s.Citations));
        Assert.Equal(1.0, result.GroundedShare);
        Assert.Empty(result.Flagged);
        Assert.Empty(result.DroppedCitations);
        Assert.Equal("试用期员工不享受带薪年假。", result.Sentences[0].Text);
    }

    [Fact]
    public async Task Marker_pointing_to_no_source_is_dropped_and_the_sentence_unsupported()
    {
        CitationCheckResult result = await Check("试用期员工不享受带薪年假[7]。报销须在30日内提交[2,9]。");

        Assert.Equal([7, 9], result.DroppedCitations);
        Assert.DoesNotContain("[7]", result.Text, StringComparison.Ordinal);
        Assert.Contains("[2]", result.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("9", result.Text, StringComparison.Ordinal);
        Assert.Empty(result.Sentences[0].Citations);
        Assert.False(result.Sentences[0].Supported);
        Assert.Equal(0, result.Sentences[0].SupportScore);
        Assert.Equal([2], result.Sentences[1].Citations);
        Assert.True(result.Sentences[1].Supported);
    }

    [Fact]
    public async Task Invented_number_is_flagged_and_lowers_support()
    {
        CitationCheckResult honest = await Check("转正后员工每年享有5天带薪年假[1]。");
        CitationCheckResult invented = await Check("转正后员工每年享有15天带薪年假[1]。");

        FlaggedFact flag = Assert.Single(invented.Flagged);
        Assert.Equal("15", flag.Text);
        Assert.Equal(FactKind.Number, flag.Kind);
        Assert.Equal(0, flag.SentenceIndex);
        Assert.True(invented.Sentences[0].SupportScore < honest.Sentences[0].SupportScore);
        Assert.False(invented.Sentences[0].Supported);
    }

    [Fact]
    public async Task Sentence_citing_the_wrong_source_is_unsupported()
    {
        CitationCheckResult result = await Check("试用期员工不享受带薪年假[2]。");

        Assert.False(Assert.Single(result.Sentences).Supported);
        Assert.Equal(0, result.GroundedShare);
    }

    [Fact]
    public async Task Grounded_share_counts_characters_of_supported_sentences()
    {
        CitationCheckResult result = await Check("试用期员工不享受带薪年假[1]。公司还提供免费午餐和健身房。");

        Assert.True(result.Sentences[0].Supported);
        Assert.False(result.Sentences[1].Supported);
        double expected = (double)result.Sentences[0].Text.Length / (result.Sentences[0].Text.Length + result.Sentences[1].Text.Length);
        Assert.Equal(Math.Round(expected, 4), result.GroundedShare);
        Assert.Contains("公司还提供免费午餐和健身房。" + CitationCheckResult.UnsupportedMarkZh, result.RenderMarked(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("工作满十年后年假增加到10天[1]。")]
    [InlineData("工作满10年后年假增加到十天[1]。")]
    [InlineData("住宿标准为每晚不超过450元[2]。")]
    [InlineData("住宿标准为每晚不超过￥450[2]。")]
    [InlineData("该规定自2024-03-01起执行[2]。")]
    [InlineData("该规定自2024年3月1日起执行[2]。")]
    [InlineData("Product ZK-2024-001 has a 2-year warranty [3].")]
    [InlineData("Alice Wang handles support [3].")]
    public async Task Facts_written_differently_from_the_source_are_not_flagged(string answer)
    {
        CitationCheckResult result = await Check(answer);

        Assert.Empty(result.Flagged);
        Assert.True(result.Sentences[0].Supported, $"score {result.Sentences[0].SupportScore}");
    }

    [Theory]
    [InlineData("住宿标准为每晚不超过¥500[2]。", "¥500", FactKind.Amount)]
    [InlineData("该规定自2024年5月1日起执行[2]。", "2024年5月1日", FactKind.Date)]
    [InlineData("Product ZK-2025-009 has a 2-year warranty [3].", "ZK-2025-009", FactKind.Code)]
    [InlineData("Contact Bob Smith for support [3].", "Bob Smith", FactKind.Name)]
    [InlineData("报销须在出差结束后四十五天内提交[2]。", "四十五", FactKind.Number)]
    public async Task Facts_in_no_cited_source_are_flagged_individually(string answer, string text, FactKind kind)
    {
        CitationCheckResult result = await Check(answer);

        FlaggedFact flag = Assert.Single(result.Flagged);
        Assert.Equal(text, flag.Text);
        Assert.Equal(kind, flag.Kind);
    }

    [Fact]
    public async Task Fact_is_checked_against_the_cited_source_only()
    {
        // 450 is in source 2 but the sentence cites source 1.
        CitationCheckResult result = await Check("年假标准为450天[1]。");

        Assert.Equal("450", Assert.Single(result.Flagged).Text);
    }

    [Fact]
    public async Task Markers_after_the_full_stop_and_on_their_own_line_belong_to_the_sentence()
    {
        CitationCheckResult result = await Check("试用期员工不享受带薪年假。[1]\n转正后员工每年享有5天带薪年假。\n[1]");

        Assert.Equal(2, result.Sentences.Count);
        Assert.All(result.Sentences, s => Assert.Equal([1], s.Citations));
    }

    [Fact]
    public async Task English_answer_with_ranges_and_full_width_markers()
    {
        SourcePassage[] sources =
        [
            new(1, "Employees on probation are not entitled to paid annual leave."),
            new(2, "After probation, employees receive 5 days of paid annual leave per year."),
            new(3, "Leave must be requested in the HR system two weeks in advance."),
        ];
        var checker = new CitationChecker();

        CitationCheckResult result = await checker.CheckAsync(
            "Employees on probation get no paid annual leave [1-2]. After probation they receive 5 days per year【2】. Requests go through the HR system［3］.", sources);

        Assert.Equal(3, result.Sentences.Count);
        Assert.Equal([1, 2], result.Sentences[0].Citations);
        Assert.Equal([2], result.Sentences[1].Citations);
        Assert.Equal([3], result.Sentences[2].Citations);
        Assert.All(result.Sentences, s => Assert.True(s.Supported, $"{s.Text}: {s.SupportScore}"));
    }

    [Fact]
    public async Task Empty_and_marker_only_answers_do_not_throw()
    {
        Assert.Equal(0, (await Check("")).GroundedShare);
        Assert.Empty((await Check("[1]")).Sentences);
        Assert.Empty((await Check("   \n ")).Sentences);
    }

    [Fact]
    public async Task Embedding_similarity_lifts_a_paraphrase_over_the_threshold()
    {
        SourcePassage[] sources = [new(1, "新员工入职满六个月后方可申请带薪年假。")];
        const string answer = "入职半年以后才能请带薪年假[1]。";
        CitationCheckResult lexical = await new CitationChecker().CheckAsync(answer, sources);
        var withEmbeddings = new CitationChecker(embeddingGenerator: new FixedEmbeddings(1.0f));

        CitationCheckResult result = await withEmbeddings.CheckAsync(answer, sources);

        Assert.False(lexical.Sentences[0].Supported, $"lexical {lexical.Sentences[0].SupportScore}");
        Assert.True(result.Sentences[0].SupportScore > lexical.Sentences[0].SupportScore);
        Assert.True(result.Sentences[0].Supported);
    }

    [Fact]
    public async Task Failing_embedding_generator_falls_back_to_lexical_scores()
    {
        SourcePassage[] sources = [new(1, "试用期员工不享受带薪年假。")];
        CitationCheckResult lexical = await new CitationChecker().CheckAsync("试用期员工不享受带薪年假[1]。", sources);

        CitationCheckResult result = await new CitationChecker(embeddingGenerator: new FixedEmbeddings(null)).CheckAsync("试用期员工不享受带薪年假[1]。", sources);

        Assert.Equal(lexical.Sentences[0].SupportScore, result.Sentences[0].SupportScore);
    }

    /// <summary>Every text gets the same unit vector (cosine 1), or the generator throws when <c>null</c>.</summary>
    private sealed class FixedEmbeddings(float? value) : Microsoft.Extensions.AI.IEmbeddingGenerator<string, Microsoft.Extensions.AI.Embedding<float>>
    {
        public Task<Microsoft.Extensions.AI.GeneratedEmbeddings<Microsoft.Extensions.AI.Embedding<float>>> GenerateAsync(
            IEnumerable<string> values, Microsoft.Extensions.AI.EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
        {
            if (value is null)
            {
                throw new HttpRequestException("embedding endpoint down");
            }

            var list = values.Select(_ => new Microsoft.Extensions.AI.Embedding<float>(new[] { value.Value, 0f })).ToList();
            return Task.FromResult(new Microsoft.Extensions.AI.GeneratedEmbeddings<Microsoft.Extensions.AI.Embedding<float>>(list));
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose() { }
    }
}
