using System.Text.Json;
using Microsoft.ML.Tokenizers;

namespace Zhiku.Core.Indexing.Embeddings;

/// <summary>
/// Builds a <see cref="ModelTokenizer"/> from a Hugging Face <c>tokenizer.json</c>. Microsoft.ML.Tokenizers 2.0.1
/// cannot read that format itself, but it has the two algorithms BERT-family models use: WordPiece
/// (<see cref="BertTokenizer"/>, fed the vocabulary as vocab.txt lines) and SentencePiece Unigram
/// (<see cref="SentencePieceTokenizer"/>, fed a <c>ModelProto</c> we write from the JSON vocabulary, so ids are
/// exactly the JSON ids without XLM-R's fairseq offset juggling). BPE and WordLevel models are refused.
/// </summary>
internal static class TokenizerJsonReader
{
    public static ModelTokenizer Read(string path, bool? lowerCaseOverride)
    {
        using var document = ParseFile(path);
        var root = document.RootElement;
        if (!root.TryGetProperty("model", out var model) || model.ValueKind != JsonValueKind.Object)
        {
            throw Unsupported(path, "no \"model\" object / 缺少 \"model\" 对象");
        }

        string type = model.TryGetProperty("type", out var t) ? t.GetString() ?? "" : "";
        if (type.Length == 0 && model.TryGetProperty("vocab", out var v) && v.ValueKind == JsonValueKind.Object)
        {
            type = "WordPiece"; // old tokenizers versions omit the type for WordPiece
        }

        return type switch
        {
            "WordPiece" => ReadWordPiece(root, model, lowerCaseOverride),
            "Unigram" => ReadUnigram(path, root, model),
            _ => throw Unsupported(path, $"model type \"{type}\" / 分词模型类型 \"{type}\""),
        };
    }

    private static ModelTokenizer ReadWordPiece(JsonElement root, JsonElement model, bool? lowerCaseOverride)
    {
        var vocab = model.GetProperty("vocab").EnumerateObject()
            .Select(p => (Token: p.Name, Id: p.Value.GetInt32()))
            .OrderBy(p => p.Id)
            .ToList();
        using var lines = new MemoryStream();
        using (var writer = new StreamWriter(lines, leaveOpen: true))
        {
            foreach (var (token, _) in vocab)
            {
                writer.Write(token);
                writer.Write('\n');
            }
        }

        lines.Position = 0;
        bool lowerCase = true;
        bool? stripAccents = null;
        if (root.TryGetProperty("normalizer", out var normalizer) && normalizer.ValueKind == JsonValueKind.Object)
        {
            if (normalizer.TryGetProperty("lowercase", out var lc) && lc.ValueKind is JsonValueKind.True or JsonValueKind.False)
            {
                lowerCase = lc.GetBoolean();
            }

            if (normalizer.TryGetProperty("strip_accents", out var sa) && sa.ValueKind is JsonValueKind.True or JsonValueKind.False)
            {
                stripAccents = sa.GetBoolean();
            }
        }

        lowerCase = lowerCaseOverride ?? lowerCase;
        return WordPieceModelTokenizer.Create(lines, lowerCase, stripAccents ?? lowerCase);
    }

    private static ModelTokenizer ReadUnigram(string path, JsonElement root, JsonElement model)
    {
        var pieces = model.GetProperty("vocab").EnumerateArray()
            .Select(e => (Piece: e[0].GetString() ?? "", Score: (float)e[1].GetDouble()))
            .ToList();
        int unkId = model.TryGetProperty("unk_id", out var u) && u.ValueKind == JsonValueKind.Number ? u.GetInt32() : 0;
        if (model.TryGetProperty("byte_fallback", out var bf) && bf.ValueKind == JsonValueKind.True)
        {
            throw Unsupported(path, "Unigram with byte_fallback / 带 byte_fallback 的 Unigram");
        }

        var special = new HashSet<int>();
        if (root.TryGetProperty("added_tokens", out var added) && added.ValueKind == JsonValueKind.Array)
        {
            foreach (var token in added.EnumerateArray())
            {
                if (token.TryGetProperty("special", out var s) && s.ValueKind == JsonValueKind.True)
                {
                    special.Add(token.GetProperty("id").GetInt32());
                }
            }
        }

        int bos = pieces.FindIndex(p => p.Piece == "<s>");
        int eos = pieces.FindIndex(p => p.Piece == "</s>");
        int pad = pieces.FindIndex(p => p.Piece == "<pad>");
        if (bos < 0 || eos < 0 || unkId < 0 || unkId >= pieces.Count)
        {
            throw Unsupported(path, "Unigram vocabulary without <s>, </s> or a valid unk_id / Unigram 词表缺少 <s>、</s> 或有效的 unk_id");
        }

        var spec = new ProtobufWriter();
        for (int i = 0; i < pieces.Count; i++)
        {
            var piece = new ProtobufWriter();
            piece.WriteString(1, pieces[i].Piece);
            piece.WriteFloat(2, pieces[i].Score);
            // SentencePiece piece types: 1 normal, 2 unknown, 3 control.
            piece.WriteVarint(3, i == unkId ? 2 : (special.Contains(i) || i == bos || i == eos || i == pad) ? 3 : 1);
            spec.WriteMessage(1, piece);
        }

        var trainer = new ProtobufWriter();
        trainer.WriteVarint(3, 1); // model_type = UNIGRAM
        trainer.WriteVarint(4, pieces.Count);
        trainer.WriteVarint(40, unkId);
        trainer.WriteVarint(41, bos);
        trainer.WriteVarint(42, eos);
        trainer.WriteVarint(43, pad);
        trainer.WriteString(45, pieces[unkId].Piece);
        trainer.WriteString(46, "<s>");
        trainer.WriteString(47, "</s>");
        trainer.WriteString(48, "<pad>");
        spec.WriteMessage(2, trainer);

        var normalizerSpec = new ProtobufWriter();
        normalizerSpec.WriteString(1, "identity");
        var charsmap = FindPrecompiledCharsmap(root);
        if (charsmap.Length > 0)
        {
            normalizerSpec.WriteBytes(2, charsmap);
        }

        normalizerSpec.WriteVarint(3, AddsPrefixSpace(root) ? 1 : 0);
        normalizerSpec.WriteVarint(4, 1); // remove_extra_whitespaces, as XLM-R's Replace(" {2,}", " ") does
        normalizerSpec.WriteVarint(5, 1); // escape_whitespaces with U+2581
        spec.WriteMessage(3, normalizerSpec);

        using var stream = new MemoryStream(spec.ToArray());
        var tokenizer = SentencePieceTokenizer.Create(stream, addBeginningOfSentence: false, addEndOfSentence: false);
        return new SentencePieceModelTokenizer(tokenizer, pad >= 0 ? pad : eos);
    }

    private static byte[] FindPrecompiledCharsmap(JsonElement root)
    {
        if (!root.TryGetProperty("normalizer", out var normalizer) || normalizer.ValueKind != JsonValueKind.Object)
        {
            return [];
        }

        var candidates = new List<JsonElement> { normalizer };
        if (normalizer.TryGetProperty("normalizers", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            candidates.AddRange(list.EnumerateArray());
        }

        foreach (var n in candidates)
        {
            if (n.TryGetProperty("type", out var type) && type.GetString() == "Precompiled"
                && n.TryGetProperty("precompiled_charsmap", out var map) && map.ValueKind == JsonValueKind.String)
            {
                return Convert.FromBase64String(map.GetString()!);
            }
        }

        return [];
    }

    private static bool AddsPrefixSpace(JsonElement root)
    {
        if (!root.TryGetProperty("pre_tokenizer", out var pre) || pre.ValueKind != JsonValueKind.Object)
        {
            return true;
        }

        var candidates = new List<JsonElement> { pre };
        if (pre.TryGetProperty("pretokenizers", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            candidates.AddRange(list.EnumerateArray());
        }

        foreach (var p in candidates)
        {
            if (p.TryGetProperty("type", out var type) && type.GetString() == "Metaspace")
            {
                if (p.TryGetProperty("prepend_scheme", out var scheme) && scheme.GetString() == "never")
                {
                    return false;
                }

                if (p.TryGetProperty("add_prefix_space", out var add) && add.ValueKind == JsonValueKind.False)
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static JsonDocument ParseFile(string path)
    {
        try
        {
            return JsonDocument.Parse(File.ReadAllBytes(path));
        }
        catch (JsonException ex)
        {
            throw ZhikuException.InvalidInput(
                $"{path}: not valid JSON ({ex.Message}). 不是有效的 JSON：请重新导出 tokenizer.json。", innerException: ex);
        }
    }

    private static ZhikuException Unsupported(string path, string what) => ZhikuException.InvalidInput(
        $"{path}: unsupported tokenizer ({what}). Zhiku reads WordPiece (BERT) and SentencePiece Unigram (XLM-R) " +
        "tokenizers; put the model's vocab.txt next to model.onnx or choose a BERT/XLM-R family model. " +
        $"不支持的分词器（{what}）。Zhiku 支持 WordPiece（BERT）与 SentencePiece Unigram（XLM-R）：" +
        "请在 model.onnx 旁放置 vocab.txt，或换用 BERT/XLM-R 系列模型。");
}
