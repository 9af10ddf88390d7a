using System.Text.Json;
using JiebaNet.Segmenter;
using Zhiku.Core.Text;

namespace Zhiku.Core.Tests.Text;

/// <summary>The segmenter's own jieba cut gives exactly the words jieba.NET 0.42.2 gives, on real Chinese text.</summary>
public sealed class ChineseSegmenterTests
{
    private static readonly Lazy<JiebaSegmenter> Reference = new(() =>
    {
        ConfigManager.ConfigFileBaseDir = ChineseSegmenter.Folder;
        return new JiebaSegmenter();
    });

    private static readonly string[] Mixed =
    [
        "",
        "孙丽华是我们的客户经理",
        "试用期员工可以休年假吗？",
        "AT&T 和 C++ 在 2024 年涨了 3.5%，而 iPhone15 Pro 卖 7999 元。",
        "第一行\r\n第二行\n\t制表 符  两个空格",
        "报销标准：住宿费每晚不超过500元（一线城市650元）",
        "😀表情符号与𠀀扩展字符",
        "ω-force开发的战国无双3·猛将传",
        "abc_def.ghi#1 x+y=z",
    ];

    [Fact]
    public void CutsLikeJiebaNetOnThousandsOfSentences()
    {
        List<string> sentences = Sentences(4000);
        Assert.True(sentences.Count >= 4000, $"only {sentences.Count} sentences");
        foreach (string sentence in sentences.Concat(Mixed))
        {
            Assert.Equal(Reference.Value.Cut(sentence, cutAll: false, hmm: true).ToList(), ChineseSegmenter.Cut(sentence));
            Assert.Equal(Reference.Value.CutForSearch(sentence).ToList(), ChineseSegmenter.CutForSearch(sentence));
        }
    }

    [Fact]
    public void CutsWholeParagraphsLikeJiebaNet()
    {
        foreach (string text in CorpusTexts().Take(300))
        {
            Assert.Equal(Reference.Value.Cut(text, cutAll: false, hmm: true).ToList(), ChineseSegmenter.Cut(text));
        }
    }

    [Fact]
    public void KnowsTheDictionaryWordsJiebaNetKnows()
    {
        _ = Reference.Value;
        foreach (string word in new[] { "年假", "试用期", "员工", "孙", "丽华", "试用", "试", "不存在的词语", "AT&T", "c++", "" })
        {
            Assert.Equal(WordDictionary.Instance.ContainsWord(word), ChineseSegmenter.IsDictionaryWord(word));
        }
    }

    [Fact]
    public void CutWithOffsetsPointsAtTheWords()
    {
        const string text = "客户孙丽华是我们的经理，2024年入职 试用期三个月。";
        int at = 0;
        foreach ((int start, int length, string word) in ChineseSegmenter.CutWithOffsets(text))
        {
            Assert.Equal(at, start);
            Assert.Equal(word, text.Substring(start, length));
            at = start + length;
        }

        Assert.Equal(text.Length, at);
        Assert.Contains(ChineseSegmenter.CutWithOffsets(text), w => w.Word == "孙丽华");
    }

    private static IEnumerable<string> CorpusTexts()
    {
        string path = Path.Combine(SharedEval.Folder("cmrc2018"), "corpus.jsonl");
        foreach (string line in File.ReadLines(path))
        {
            using var document = JsonDocument.Parse(line);
            yield return document.RootElement.GetProperty("text").GetString() ?? "";
        }
    }

    private static List<string> Sentences(int count)
    {
        var sentences = new List<string>();
        foreach (string text in CorpusTexts())
        {
            foreach (string sentence in text.Split(['。', '！', '？', '\n']))
            {
                if (sentence.Length > 0)
                {
                    sentences.Add(sentence);
                }
            }

            if (sentences.Count >= count)
            {
                break;
            }
        }

        return sentences;
    }
}
