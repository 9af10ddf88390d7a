using System.Numerics.Tensors;
using System.Text.Json;
using System.Text.Json.Nodes;
using Zhiku.Core.Indexing.Embeddings;

namespace Zhiku.Core.Tests.Indexing;

public sealed class OnnxEmbeddingGeneratorTests : IClassFixture<BuiltinModelFixture>
{
    private static readonly string[] Texts = ["How do I reset my password?", "Simmer the tomatoes with garlic.", "知识库"];
    private readonly OnnxEmbeddingGenerator _builtin;

    public OnnxEmbeddingGeneratorTests(BuiltinModelFixture fixture) => _builtin = fixture.Generator;

    [Fact]
    public async Task Folder_model_gives_the_same_vectors_as_the_builtin_model()
    {
        using var folder = new TempFolder();
        await BuiltinEmbeddingModel.ExportAsync(folder.Path);
        using var fromFolder = OnnxEmbeddingGenerator.FromFolder(folder.Path);

        var expected = await _builtin.GenerateAsync(Texts);
        var actual = await fromFolder.GenerateAsync(Texts);

        Assert.Equal(PoolingMode.Mean, fromFolder.Pooling);
        Assert.Equal(256, fromFolder.MaxTokens);
        Assert.Equal("onnx:" + Path.GetFileName(folder.Path), fromFolder.ModelId);
        for (int i = 0; i < Texts.Length; i++)
        {
            Assert.Equal(expected[i].Vector.ToArray(), actual[i].Vector.ToArray(), new ToleranceComparer(1e-5f));
        }
    }

    [Fact]
    public async Task Cls_pooling_from_sentence_transformers_config_changes_the_vectors()
    {
        using var folder = new TempFolder();
        await BuiltinEmbeddingModel.ExportAsync(folder.Path);
        File.WriteAllText(folder.Combine("1_Pooling", "config.json"), """{"pooling_mode_cls_token": true, "pooling_mode_mean_tokens": false}""");
        File.Delete(folder.Combine("zhiku-model.json"));
        using var cls = OnnxEmbeddingGenerator.FromFolder(folder.Path);
        using var mean = OnnxEmbeddingGenerator.FromFolder(folder.Path, new OnnxEmbeddingOptions { Pooling = PoolingMode.Mean });

        var c = await cls.GenerateAsync(Texts);
        var m = await mean.GenerateAsync(Texts);

        Assert.Equal(PoolingMode.Cls, cls.Pooling);
        Assert.Equal(PoolingMode.Mean, mean.Pooling);
        float cosine = TensorPrimitives.Dot(c[0].Vector.Span, m[0].Vector.Span);
        Assert.InRange(cosine, -1f, 0.99f);
        Assert.Equal(1f, TensorPrimitives.Norm(c[0].Vector.Span), 3);
    }

    [Fact]
    public async Task Zhiku_model_json_overrides_pooling_and_model_id()
    {
        using var folder = new TempFolder();
        await BuiltinEmbeddingModel.ExportAsync(folder.Path);
        File.WriteAllText(folder.Combine("zhiku-model.json"), """{"pooling": "cls", "model_id": "my-minilm", "max_tokens": 64}""");

        using var generator = OnnxEmbeddingGenerator.FromFolder(folder.Path);

        Assert.Equal(PoolingMode.Cls, generator.Pooling);
        Assert.Equal("my-minilm", generator.ModelId);
        Assert.Equal(64, generator.MaxTokens);
    }

    [Fact]
    public async Task WordPiece_tokenizer_json_gives_the_same_vectors_as_vocab_txt()
    {
        using var folder = new TempFolder();
        await BuiltinEmbeddingModel.ExportAsync(folder.Path);
        var vocab = new JsonObject();
        int id = 0;
        foreach (string line in File.ReadAllLines(folder.Combine("vocab.txt")))
        {
            vocab[line] = id++;
        }

        var tokenizer = new JsonObject
        {
            ["normalizer"] = new JsonObject { ["type"] = "BertNormalizer", ["lowercase"] = true },
            ["model"] = new JsonObject { ["type"] = "WordPiece", ["unk_token"] = "[UNK]", ["vocab"] = vocab },
        };
        File.WriteAllText(folder.Combine("tokenizer.json"), tokenizer.ToJsonString());
        File.Delete(folder.Combine("vocab.txt"));
        using var fromJson = OnnxEmbeddingGenerator.FromFolder(folder.Path);

        var expected = await _builtin.GenerateAsync(Texts);
        var actual = await fromJson.GenerateAsync(Texts);

        for (int i = 0; i < Texts.Length; i++)
        {
            Assert.Equal(expected[i].Vector.ToArray(), actual[i].Vector.ToArray(), new ToleranceComparer(1e-5f));
        }
    }

    [Fact]
    public void Unigram_tokenizer_json_keeps_the_json_ids()
    {
        using var folder = new TempFolder();
        string path = folder.Combine("tokenizer.json");
        File.WriteAllText(path, """
            {
              "added_tokens": [{"id": 0, "content": "<s>", "special": true}, {"id": 1, "content": "<pad>", "special": true},
                               {"id": 2, "content": "</s>", "special": true}, {"id": 3, "content": "<unk>", "special": true}],
              "pre_tokenizer": {"type": "Metaspace", "replacement": "\u2581", "prepend_scheme": "always"},
              "model": {"type": "Unigram", "unk_id": 3, "vocab": [
                ["<s>", 0.0], ["<pad>", 0.0], ["</s>", 0.0], ["<unk>", 0.0],
                ["\u2581hello", -1.0], ["\u2581world", -1.5], ["\u2581", -3.0], ["h", -6.0], ["e", -6.0], ["l", -6.0], ["o", -6.0]]}
            }
            """);

        var tokenizer = TokenizerJsonReader.Read(path, lowerCaseOverride: null);
        var single = tokenizer.Encode("hello world", maxTokens: 16);
        var pair = tokenizer.EncodePair("hello", "world", maxTokens: 16);

        Assert.Equal([0, 4, 5, 2], single.Ids);
        Assert.Equal([0, 4, 2, 2, 5, 2], pair.Ids);
        Assert.Equal(1, tokenizer.PaddingId);
    }

    [Fact]
    public void Bpe_tokenizer_json_is_refused_with_a_clear_message()
    {
        using var folder = new TempFolder();
        string path = folder.Combine("tokenizer.json");
        File.WriteAllText(path, """{"model": {"type": "BPE", "vocab": {"a": 0}, "merges": []}}""");

        var ex = Assert.Throws<ZhikuException>(() => TokenizerJsonReader.Read(path, null));

        Assert.Contains("BPE", ex.Message);
        Assert.Contains("vocab.txt", ex.Message);
    }

    [Fact]
    public void Missing_model_file_names_the_folder_and_the_fix()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder.Combine("vocab.txt"), "[PAD]\n");

        var ex = Assert.Throws<ZhikuException>(() => OnnxEmbeddingGenerator.FromFolder(folder.Path));

        Assert.Contains("model.onnx", ex.Message);
        Assert.Contains(folder.Path, ex.Message);
    }

    [Fact]
    public void Pair_truncation_keeps_both_sides()
    {
        using var stream = new MemoryStream(BuiltinEmbeddingModel.ReadVocabulary());
        var tokenizer = WordPieceModelTokenizer.Create(stream, lowerCase: true, stripAccents: true);

        var pair = tokenizer.EncodePair("password reset", string.Join(' ', Enumerable.Repeat("settings", 100)), maxTokens: 16);

        Assert.Equal(16, pair.Ids.Length);
        Assert.Equal(4, pair.TypeIds.Count(t => t == 0)); // [CLS] password reset [SEP]
        Assert.Equal(12, pair.TypeIds.Count(t => t == 1));
    }

    [Fact]
    public async Task An_already_cancelled_token_embeds_nothing()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _builtin.GenerateAsync(Texts, cancellationToken: cancelled.Token));
    }

    [Fact]
    public async Task A_token_cancelled_mid_run_stops_the_embedding()
    {
        // 512 texts of the full 256 tokens: seconds of ONNX work, cancelled after 50 ms (inside the first batches'
        // runs, which RunOptions.Terminate stops, or between two batches).
        string longText = string.Join(' ', Enumerable.Repeat("the quick brown fox jumps over the lazy dog near the river bank", 40));
        string[] texts = [.. Enumerable.Range(0, 512).Select(i => i + " " + longText)];
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            Task.Run(() => _builtin.GenerateAsync(texts, cancellationToken: cancel.Token)));
        Assert.Equal(3, (await _builtin.GenerateAsync(Texts)).Count); // the session still works after a terminated run
    }

    private sealed class ToleranceComparer(float tolerance) : IEqualityComparer<float>
    {
        public bool Equals(float x, float y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(float obj) => 0;
    }
}
