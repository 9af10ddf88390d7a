using System.Text.Json;
using System.Text.Json.Serialization;

namespace Zhiku.Core.Indexing.Vectors;

/// <summary>The <c>vectors.json</c> file beside a saved index: engine, model identity, dimension, count.</summary>
internal sealed record VectorIndexManifest(
    [property: JsonPropertyName("format")] string Format,
    [property: JsonPropertyName("version")] int Version,
    [property: JsonPropertyName("engine")] string Engine,
    [property: JsonPropertyName("model_id")] string ModelId,
    [property: JsonPropertyName("dimensions")] int Dimensions,
    [property: JsonPropertyName("count")] int Count)
{
    public const string FileName = "vectors.json";
    public const string ExactEngine = "exact";
    public const string HnswEngine = "hnsw";
    private const string FormatName = "zhiku-vectors";

    public static VectorIndexManifest For(string engine, VectorSpace space, int count) =>
        new(FormatName, 1, engine, space.ModelId, space.Dimensions, count);

    public VectorSpace Space => new(ModelId, Dimensions);

    public async Task WriteAsync(string folder, CancellationToken cancellationToken)
    {
        string path = Path.Combine(folder, FileName);
        string temp = path + ".tmp";
        await File.WriteAllBytesAsync(temp, JsonSerializer.SerializeToUtf8Bytes(this), cancellationToken).ConfigureAwait(false);
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Reads the manifest, or null when the folder holds no saved index.</summary>
    public static async Task<VectorIndexManifest?> ReadAsync(string folder, CancellationToken cancellationToken)
    {
        string path = Path.Combine(folder, FileName);
        if (!File.Exists(path))
        {
            return null;
        }

        VectorIndexManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<VectorIndexManifest>(
                await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false));
        }
        catch (JsonException ex)
        {
            throw Corrupt(path, ex.Message, ex);
        }

        if (manifest is null || manifest.Format != FormatName || manifest.Dimensions <= 0 || string.IsNullOrEmpty(manifest.ModelId))
        {
            throw Corrupt(path, "missing format, model_id or dimensions", null);
        }

        if (manifest.Version != 1)
        {
            throw ZhikuException.InvalidInput(
                $"{path}: vector index format version {manifest.Version} is newer than this Zhiku understands; upgrade Zhiku or rebuild the vectors. " +
                $"向量索引格式版本 {manifest.Version} 过新：请升级 Zhiku 或重建向量。");
        }

        return manifest;
    }

    public static ZhikuException Corrupt(string path, string detail, Exception? inner) => ZhikuException.InvalidInput(
        $"{path}: the vector index is damaged ({detail}). Delete the folder and re-embed the knowledge base. " +
        $"向量索引已损坏（{detail}）：请删除该文件夹并重新生成向量。", path, inner ?? new InvalidDataException(detail));
}
