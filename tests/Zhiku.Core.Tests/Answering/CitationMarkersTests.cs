using Zhiku.Core.Answering.Citations;

namespace Zhiku.Core.Tests.Answering;

public sealed class CitationMarkersTests
{
    [Theory]
    [InlineData("a[1]", new[] { 1 })]
    [InlineData("a[1,2]", new[] { 1, 2 })]
    [InlineData("a[1, 3]", new[] { 1, 3 })]
    [InlineData("a[2-4]", new[] { 2, 3, 4 })]
    [InlineData("a[2–3]", new[] { 2, 3 })]
    [InlineData("a【5】", new[] { 5 })]
    [InlineData("a［１］", new[] { 1 })]
    [InlineData("a[1，2、3]", new[] { 1, 2, 3 })]
    [InlineData("a[来源2]", new[] { 2 })]
    public void Parses_marker_forms(string text, int[] expected)
    {
        Assert.Equal(expected, Assert.Single(CitationMarkers.Find(text)).Numbers);
    }

    [Fact]
    public void A_huge_range_is_not_a_citation()
    {
        Assert.Empty(Assert.Single(CitationMarkers.Find("in [1-200]")).Numbers);
    }

    [Fact]
    public void Text_in_brackets_is_not_a_marker()
    {
        Assert.Empty(CitationMarkers.Find("see [note] and [a1] and array[i]"));
    }

    [Fact]
    public void Strip_removes_markers_and_the_space_before_punctuation()
    {
        Assert.Equal("He left.", CitationMarkers.Strip("He left [1]."));
        Assert.Equal("年假5天。", CitationMarkers.Strip("年假5天[1][2]。"));
    }
}
