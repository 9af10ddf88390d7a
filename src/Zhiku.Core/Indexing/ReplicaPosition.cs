using System.Text.Json;
using System.Text.Json.Serialization;

namespace Zhiku.Core.Indexing;

/// <summary>
/// How far a node's replica of a knowledge base has applied the change log (<c>replica.json</c> in the knowledge base's
/// folder): the log's identity and the number up to which every change of the knowledge base is in the indexes. Written
/// only after the indexes committed, so it never claims more than they hold; an unreadable file counts as none (the
/// replica is then rebuilt, which is always safe).
/// </summary>
/// <param name="Origin">The change log's identity (<see cref="Storage.ChangeLogHead.Origin"/>).</param>
/// <param name="Applied">Every change numbered up to this one is applied.</param>
public sealed record ReplicaPosition(
    [property: JsonPropertyName("origin")] string Origin,
    [property: JsonPropertyName("applied")] long Applied)
{
    /// <summary>The file's name in the knowledge base's folder.</summary>
    public const string FileName = "replica.json";

    /// <summary>The position saved at <paramref name="path"/>, or null when there is none or it cannot be read.</summary>
    public static ReplicaPosition? Read(string path)
    {
        try
        {
            ReplicaPosition? position = JsonSerializer.Deserialize<ReplicaPosition>(File.ReadAllText(path));
            return position is { Origin.Length: > 0, Applied: >= 0 } ? position : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }
    }

    /// <summary>Saves the position at <paramref name="path"/> in one rename, so a crash leaves the old file or the new one.</summary>
    /// <exception cref="IOException">The folder cannot be written.</exception>
    public void Save(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        string next = path + ".next";
        File.WriteAllText(next, JsonSerializer.Serialize(this));
        File.Move(next, path, overwrite: true);
    }
}
