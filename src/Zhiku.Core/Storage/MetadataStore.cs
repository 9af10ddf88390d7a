using System.Globalization;
using Microsoft.Data.Sqlite;
using Zhiku.Core.Security;
using Zhiku.Core.Storage.Sqlite;

namespace Zhiku.Core.Storage;

/// <summary>
/// The SQLite database of a store (WAL mode), the source of truth the indexes are derived from and repaired from on
/// open: the connection and key the store's SQLite implementations share (knowledge bases, documents, sources and
/// chunks are behind <see cref="IKnowledgeBaseStore"/>, <see cref="IDocumentStore"/>, <see cref="IDocumentSourceStore"/>
/// and <see cref="IChunkStore"/> in <c>Storage/Sqlite</c>), and the reader view's common source folder.
/// </summary>
public sealed partial class MetadataStore
{
    private readonly SqliteDatabase _database;
    private readonly StoredText _text;

    private MetadataStore(SqliteDatabase database, ITextProtector? text)
    {
        this._database = database;
        this._text = new StoredText(text);
    }

    /// <summary>The schema version of the database (the last migration of <see cref="SqliteMigrations"/> it ran).</summary>
    public int SchemaVersion => _database.SchemaVersion;

    /// <summary>How files derived from this store's documents are written (index files, vectors, uploads):
    /// encrypted under the store key when one is configured.</summary>
    public IAtRestEncryption Encryption { get; private init; } = PlainStorage.Instance;

    /// <summary>True when new document text is written encrypted.</summary>
    public bool EncryptsText => _text.Encrypts;

    /// <summary>Opens (creating when missing) the database file and brings its schema up to date: the missing
    /// migrations run in one transaction (<see cref="SqliteDatabase"/>).</summary>
    /// <param name="databasePath">The SQLite file.</param>
    /// <param name="key">With a key, everything derived from documents is stored encrypted (AES-GCM): texts, titles,
    /// headings, chats, jobs and audit records in SQLite, and the files of <see cref="Encryption"/>. A store
    /// that holds encrypted text refuses to open without its key, and with another key, with a clear error.</param>
    /// <exception cref="ZhikuException">The file was written by a newer Zhiku than this one.</exception>
    /// <exception cref="ZhikuException">The key is missing or is not the store's key.</exception>
    public static MetadataStore Open(string databasePath, EncryptionKey? key = null)
    {
        var store = new MetadataStore(SqliteDatabase.Open(databasePath), key is null ? null : new TextCipher(key))
        {
            Encryption = key is null ? PlainStorage.Instance : new KeyedEncryption(key),
        };
        store.CheckKey();
        return store;
    }

    private void CheckKey()
    {
        using SqliteConnection connection = Connect();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT value FROM meta WHERE key = 'encryption_key_id';";
        if (_text.MustRecordKey(command.ExecuteScalar() as string))
        {
            Execute(connection, null, "INSERT INTO meta(key, value) VALUES('encryption_key_id', $id);", ("$id", _text.KeyId));
        }
    }

    /// <summary>Encrypts a text for storage when a key is configured.</summary>
    internal string Protect(string text) => _text.Protect(text);

    /// <summary>Reads a stored text, decrypting it when it was stored encrypted.</summary>
    internal string Reveal(string stored) => _text.Reveal(stored);

    internal SqliteConnection Connect() => _database.Connect();

    internal Task<SqliteConnection> ConnectAsync(CancellationToken cancellationToken) => _database.ConnectAsync(cancellationToken);

    internal static string Now() => DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);

    internal static DateTimeOffset ParseTime(string value) =>
        DateTimeOffset.Parse(value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);

    internal static int Execute(SqliteConnection connection, SqliteTransaction? transaction, string sql, params (string Name, object? Value)[] parameters) =>
        SqliteDatabase.Execute(connection, transaction, sql, parameters);
}
