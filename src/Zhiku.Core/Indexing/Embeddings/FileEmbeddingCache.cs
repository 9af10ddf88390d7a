using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.AI;

namespace Zhiku.Core.Indexing.Embeddings;

/// <summary>
/// Remembers passage embeddings in a file keyed by model, text and prefix, so repeated evaluation and benchmark runs over
/// the same corpus embed each passage once. Queries are never cached (their latency is part of what is measured).
/// Append-only; one writer at a time.
/// </summary>
public sealed class FileEmbeddingCache : DelegatingEmbeddingGenerator<string, Embedding<float>>
{
    private readonly Dictionary<string, float[]> _cache = new(StringComparer.Ordinal);
    private readonly string _path;
    private readonly string _modelId;
    private readonly Lock _gate = new();

    public FileEmbeddingCache(IEmbeddingGenerator<string, Embedding<float>> inner, string path)
        : base(inner)
    {
        this._path = Path.GetFullPath(path);
        _modelId = inner.Describe().ModelId;
        Load();
    }

    public override async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values,
        EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        bool query = options?.AdditionalProperties?.TryGetValue(EmbeddingGeneratorExtensions.InputKindProperty, out object? kind) == true
            && kind is EmbeddingInputKind.Query;
        List<string> texts = [.. values];
        if (query)
        {
            return await base.GenerateAsync(texts, options, cancellationToken).ConfigureAwait(false);
        }

        string[] keys = texts.Select(Key).ToArray();
        var vectors = new float[]?[texts.Count];
        lock (_gate)
        {
            for (int i = 0; i < keys.Length; i++)
            {
                vectors[i] = _cache.GetValueOrDefault(keys[i]);
            }
        }

        List<int> missing = Enumerable.Range(0, texts.Count).Where(i => vectors[i] is null).ToList();
        if (missing.Count > 0)
        {
            var fresh = await base.GenerateAsync(missing.Select(i => texts[i]).ToList(), options, cancellationToken).ConfigureAwait(false);
            lock (_gate)
            {
                using var writer = new BinaryWriter(new FileStream(_path, FileMode.Append, FileAccess.Write, FileShare.Read));
                for (int j = 0; j < missing.Count; j++)
                {
                    float[] vector = fresh[j].Vector.ToArray();
                    vectors[missing[j]] = vector;
                    _cache[keys[missing[j]]] = vector;
                    writer.Write(keys[missing[j]]);
                    writer.Write(vector.Length);
                    foreach (float f in vector)
                    {
                        writer.Write(f);
                    }
                }
            }
        }

        return new GeneratedEmbeddings<Embedding<float>>(vectors.Select(v => new Embedding<float>(v!) { ModelId = _modelId }));
    }

    private string Key(string text) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(_modelId + "\0" + text)));

    private void Load()
    {
        if (!File.Exists(_path))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
            return;
        }

        using var reader = new BinaryReader(new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
        try
        {
            while (reader.BaseStream.Position < reader.BaseStream.Length)
            {
                string key = reader.ReadString();
                int length = reader.ReadInt32();
                var vector = new float[length];
                for (int i = 0; i < length; i++)
                {
                    vector[i] = reader.ReadSingle();
                }

                _cache[key] = vector;
            }
        }
        catch (EndOfStreamException)
        {
            // A run killed mid-write leaves a torn last record; the entries before it are good.
        }
    }
}
