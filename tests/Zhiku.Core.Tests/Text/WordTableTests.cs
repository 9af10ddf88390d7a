using System.Globalization;
using Zhiku.Core.Text;

namespace Zhiku.Core.Tests.Text;

/// <summary>The compiled word tables (jieba's dict.txt, idf.txt) answer exactly what their text says, and a stale,
/// damaged or unwritable compiled file never changes an answer.</summary>
public sealed class WordTableTests
{
    private static readonly string DictPath = Path.Combine(ChineseSegmenter.Folder, "dict.txt");
    private static readonly string IdfPath = Path.Combine(ChineseSegmenter.Folder, "idf.txt");

    [Fact]
    public void TheMappedDictionaryHoldsEveryWordPrefixAndFrequencyOfDictTxt()
    {
        using var temp = new TempFolder();
        string compiled = Path.Combine(temp.Path, "dict.txt.zkt");
        JiebaDictionary first = JiebaDictionary.Load(DictPath, [compiled]);
        JiebaDictionary mapped = JiebaDictionary.Load(DictPath, [compiled]);
        Assert.False(first.IsCompiledFile);
        Assert.True(mapped.IsCompiledFile);

        // The reference: jieba.NET's reading of the file, a word's last frequency wins, prefixes are 0.
        var frequencies = new Dictionary<string, int>(StringComparer.Ordinal);
        double total = 0;
        foreach (string line in File.ReadLines(DictPath))
        {
            string[] tokens = line.Split(' ');
            if (tokens.Length < 2)
            {
                continue;
            }

            int freq = int.Parse(tokens[1], CultureInfo.CurrentCulture);
            frequencies[tokens[0]] = freq;
            total += freq;
            for (int length = 1; length < tokens[0].Length; length++)
            {
                frequencies.TryAdd(tokens[0][..length], 0);
            }
        }

        Assert.True(frequencies.Count > 400_000, $"only {frequencies.Count} entries");
        Assert.Equal(frequencies.Count, mapped.Count);
        Assert.Equal(total, mapped.Total);
        Assert.Equal(total, first.Total);
        foreach ((string key, int freq) in frequencies)
        {
            Assert.Equal(freq, mapped.Lookup(key));
            Assert.Equal(freq, first.Lookup(key));
        }

        foreach (string absent in new[] { "不存在的词语", "zzzz", "报销到账", "😀" })
        {
            Assert.Equal(-1, mapped.Lookup(absent));
        }
    }

    [Fact]
    public void TheMappedIdfListGivesEveryWordsIdf()
    {
        using var temp = new TempFolder();
        string compiled = Path.Combine(temp.Path, "idf.txt.zkt");
        _ = WordTableFile.Load(IdfPath, GeneralLanguage.Compile, [compiled]);
        WordTable mapped = WordTableFile.Load(IdfPath, GeneralLanguage.Compile, [compiled]);
        Assert.True(mapped.IsMapped);

        var idfs = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (string line in File.ReadLines(IdfPath))
        {
            int space = line.IndexOf(' ');
            if (space > 0 && double.TryParse(line.AsSpan(space + 1), NumberStyles.Float, CultureInfo.InvariantCulture, out double idf))
            {
                idfs[line[..space]] = idf;
            }
        }

        Assert.True(idfs.Count > 200_000, $"only {idfs.Count} words");
        Assert.Equal(idfs.Count, mapped.Count);
        foreach ((string word, double idf) in idfs)
        {
            int entry = mapped.Find(word);
            Assert.True(entry >= 0, word);
            Assert.Equal(idf, mapped.ValueOf(entry));
        }

        Assert.Equal(-1, mapped.Find("不存在的词语"));
        Assert.Equal(GeneralLanguage.Idf("报销"), mapped.ValueOf(mapped.Find("报销")));
    }

    [Fact]
    public void TheMappedHmmEmissionTableHoldsEveryProbabilityOfProbEmitJson()
    {
        using var temp = new TempFolder();
        string emitPath = Path.Combine(ChineseSegmenter.Folder, "prob_emit.json");
        string compiled = Path.Combine(temp.Path, "prob_emit.json.zkt");
        _ = WordTableFile.Load(emitPath, text => JiebaHmm.CompileEmission(emitPath, text), [compiled]);
        WordTable mapped = WordTableFile.Load(emitPath, text => JiebaHmm.CompileEmission(emitPath, text), [compiled]);
        Assert.True(mapped.IsMapped);

        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(emitPath));
        int count = 0;
        foreach (System.Text.Json.JsonProperty state in json.RootElement.EnumerateObject())
        {
            foreach (System.Text.Json.JsonProperty emission in state.Value.EnumerateObject())
            {
                int entry = mapped.Find(state.Name + emission.Name);
                Assert.True(entry >= 0, state.Name + emission.Name);
                Assert.Equal(emission.Value.GetDouble(), mapped.ValueOf(entry));
                count++;
            }
        }

        Assert.True(count > 10_000, $"only {count} emissions");
        Assert.Equal(count, mapped.Count);
        Assert.Equal(-1, mapped.Find("X报"));
    }

    [Fact]
    public void AnEditedSourceIsCompiledAgain()
    {
        using var temp = new TempFolder();
        string source = temp.File("dict.txt", "报销 100 v\n员工 50 n\n");
        string compiled = source + WordTableFile.Extension;
        Assert.Equal(100, JiebaDictionary.Load(source, [compiled]).Lookup("报销"));
        Assert.True(JiebaDictionary.Load(source, [compiled]).IsCompiledFile);

        File.WriteAllText(source, "报销 7 v\n员工 50 n\n年假 3 n\n");
        File.SetLastWriteTimeUtc(source, DateTime.UtcNow.AddMinutes(1));
        JiebaDictionary edited = JiebaDictionary.Load(source, [compiled]);
        Assert.False(edited.IsCompiledFile);
        Assert.Equal(7, edited.Lookup("报销"));
        Assert.Equal(3, edited.Lookup("年假"));
        Assert.Equal(60, edited.Total);

        JiebaDictionary again = JiebaDictionary.Load(source, [compiled]);
        Assert.True(again.IsCompiledFile);
        Assert.Equal(3, again.Lookup("年假"));
    }

    [Theory]
    [InlineData(2)] // the header's magic
    [InlineData(-3)] // the last character of the keys
    [InlineData(-1000)] // inside the table
    public void ADamagedCompiledFileIsNotUsed(int offset)
    {
        using var temp = new TempFolder();
        string source = temp.File("dict.txt", string.Concat(Enumerable.Range(0, 200).Select(i => $"词{i} {i + 1} n\n")));
        string compiled = source + WordTableFile.Extension;
        _ = JiebaDictionary.Load(source, [compiled]);
        byte[] bytes = File.ReadAllBytes(compiled);
        int at = offset >= 0 ? offset : bytes.Length + offset;
        bytes[at] ^= 0x5A;
        File.WriteAllBytes(compiled, bytes);

        JiebaDictionary loaded = JiebaDictionary.Load(source, [compiled]);
        Assert.False(loaded.IsCompiledFile);
        for (int i = 0; i < 200; i++)
        {
            Assert.Equal(i + 1, loaded.Lookup($"词{i}"));
        }

        Assert.True(JiebaDictionary.Load(source, [compiled]).IsCompiledFile);
    }

    [Fact]
    public void AnUnwritableCacheFolderFallsBackToTheNextThenToMemory()
    {
        using var temp = new TempFolder();
        string source = temp.File("dict.txt", "报销 100 v\n");
        string blocked = Path.Combine(temp.File("not-a-folder", "x"), "dict.txt.zkt");
        string second = Path.Combine(temp.Path, "cache", "dict.txt.zkt");

        Assert.Equal(100, JiebaDictionary.Load(source, [blocked]).Lookup("报销"));
        Assert.False(File.Exists(blocked));

        _ = JiebaDictionary.Load(source, [blocked, second]);
        Assert.True(File.Exists(second));
        Assert.True(JiebaDictionary.Load(source, [blocked, second]).IsCompiledFile);
        Assert.Empty(Directory.GetFiles(Path.Combine(temp.Path, "cache"), "*.tmp"));
    }

    [Fact]
    public void ATableGrowsPastItsExpectedSize()
    {
        string text = string.Concat(Enumerable.Range(0, 5000).Select(i => $"w{i} "));
        var builder = new WordTableBuilder(text, 4);
        int at = 0;
        for (int i = 0; i < 5000; i++)
        {
            int length = $"w{i}".Length;
            builder.Set(at, length, i, overwrite: true);
            at += length + 1;
        }

        WordTable table = WordTable.FromBytes(builder.ToBytes(0, 0));
        Assert.Equal(5000, table.Count);
        Assert.Equal(4321, table.ValueOf(table.Find("w4321")));
        Assert.Equal(-1, table.Find("w5000"));
    }
}
