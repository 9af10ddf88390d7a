using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Zhiku.Core.Security;

namespace Zhiku.Core.Privacy;

/// <summary>
/// Stores each conversation's placeholder mapping in its own file, encrypted with <see cref="TextCipher"/>
/// (bound to the session id), written atomically. File names are hashes of the session id, so ids never
/// reach the file system as paths.
/// </summary>
public sealed class PseudonymVault
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly string _directory;
    private readonly TextCipher _cipher;

    /// <summary>A vault in <paramref name="directory"/> (created when missing).</summary>
    public PseudonymVault(string directory, TextCipher cipher)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentNullException.ThrowIfNull(cipher);
        _directory = directory;
        _cipher = cipher;
    }

    /// <summary>Writes <paramref name="session"/>, replacing its previous version.</summary>
    public async Task SaveAsync(PseudonymSession session, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        Directory.CreateDirectory(_directory);
        var payload = new VaultPayload(session.Id, session.Language, [.. session.Entries]);
        byte[] blob = _cipher.Encrypt(JsonSerializer.SerializeToUtf8Bytes(payload, Json), Context(session.Id));
        string path = PathFor(session.Id);
        string temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        await File.WriteAllBytesAsync(temp, blob, cancellationToken).ConfigureAwait(false);
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Reads a session; null when none was saved under <paramref name="sessionId"/>.</summary>
    /// <exception cref="ZhikuException">The vault was written under another key.</exception>
    /// <exception cref="InvalidDataException">The file is corrupted or is not a vault file for this session.</exception>
    public async Task<PseudonymSession?> LoadAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        string path = PathFor(sessionId);
        if (!File.Exists(path))
        {
            return null;
        }

        byte[] blob = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        byte[] json = _cipher.Decrypt(blob, Context(sessionId));
        VaultPayload payload = JsonSerializer.Deserialize<VaultPayload>(json, Json)
            ?? throw new InvalidDataException($"Vault file {path} is empty. / 映射库文件为空。");
        return PseudonymSession.Restore(payload.Id, payload.Language, payload.Entries);
    }

    /// <summary>Deletes a session's mapping; false when there was none.</summary>
    public bool Delete(string sessionId)
    {
        string path = PathFor(sessionId);
        if (!File.Exists(path))
        {
            return false;
        }

        File.Delete(path);
        return true;
    }

    private string PathFor(string sessionId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sessionId);
        string name = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sessionId)).AsSpan(0, 16));
        return Path.Combine(_directory, name + ".vault");
    }

    private static byte[] Context(string sessionId) => Encoding.UTF8.GetBytes("zhiku-vault:" + sessionId);

    private sealed record VaultPayload(string Id, PlaceholderLanguage Language, List<PseudonymEntry> Entries);
}
