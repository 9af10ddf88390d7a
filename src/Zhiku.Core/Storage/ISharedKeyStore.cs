namespace Zhiku.Core.Storage;

/// <summary>
/// The keys every node serving one system of record must share, kept in it: the web server's ASP.NET Data Protection
/// key ring (sign-in cookies and antiforgery tokens issued by one node are read by every other) and named secrets (the
/// key of the public document ids). Stored values are encrypted under the store key when one is configured. Only
/// PostgreSQL has one (<see cref="StorageEngine.SharedKeys"/>); the embedded store keeps these files in
/// <c>STORE/keys/</c>, read by its one process.
/// <para>The methods are synchronous because ASP.NET's key repository is (<c>IXmlRepository</c>): it reads the ring when
/// a process first protects or unprotects and again about once a day, never per request. They use the driver's
/// synchronous calls, not a blocked asynchronous one. Every method may throw <see cref="ZhikuException"/> with
/// <see cref="ErrorKind.Unavailable"/> when the database cannot be reached now, and <see cref="ErrorKind.Forbidden"/>
/// when a stored value is encrypted and no key (or another key) is configured.</para>
/// </summary>
public interface ISharedKeyStore
{
    /// <summary>Every Data Protection key element stored so far (XML text), oldest first.</summary>
    IReadOnlyList<string> ReadDataProtectionKeys();

    /// <summary>Adds a Data Protection key element under its name (<c>key-GUID</c>); a name already stored is kept as it
    /// is (names are unique per key).</summary>
    void AddDataProtectionKey(string name, string xml);

    /// <summary>The secret stored under <paramref name="name"/>, or, when there is none yet, <paramref name="create"/>'s
    /// value stored and returned. Of several nodes creating it at once, the first stored wins and every node gets it.</summary>
    byte[] GetOrCreateSecret(string name, Func<byte[]> create);
}
