using Lucene.Net.Store;
using LuceneDirectory = Lucene.Net.Store.Directory;

namespace Zhiku.Core.Security;

/// <summary>
/// A Lucene directory that stores every file it writes as <see cref="BlockFormat"/> blocks in an inner directory
/// (an FSDirectory), so index files hold no term, stored field or posting in clear. Reads are random access by
/// block; clones and compound-file slices decrypt independently. A file without the format's header (written
/// before the store had a key) is read as it is. Locks are the inner directory's (lock files hold no data).
/// </summary>
internal sealed class EncryptingDirectory : LuceneDirectory
{
    private readonly LuceneDirectory _inner;
    private readonly BlockKey _key;

    public EncryptingDirectory(LuceneDirectory inner, BlockKey key)
    {
        _inner = inner;
        _key = key;
    }

    public override string[] ListAll() => _inner.ListAll();

    [Obsolete("Lucene.Net marks FileExists obsolete on Directory; kept to delegate it.")]
    public override bool FileExists(string name) => _inner.FileExists(name);

    public override void DeleteFile(string name) => _inner.DeleteFile(name);

    public override long FileLength(string name)
    {
        using IndexInput input = _inner.OpenInput(name, IOContext.READ_ONCE);
        return ReadHeader(input) is { } header ? SealedFile.Open(header, input.Length, _key, name).Length : input.Length;
    }

    public override IndexOutput CreateOutput(string name, IOContext context) => new EncryptingIndexOutput(_inner.CreateOutput(name, context), _key);

    public override void Sync(ICollection<string> names) => _inner.Sync(names);

    public override IndexInput OpenInput(string name, IOContext context)
    {
        IndexInput input = _inner.OpenInput(name, context);
        try
        {
            byte[]? header = ReadHeader(input);
            if (header is null)
            {
                input.Seek(0);
                return input;
            }

            SealedFile file;
            try
            {
                file = SealedFile.Open(header, input.Length, _key, name);
            }
            catch (InvalidDataException ex)
            {
                throw new Lucene.Net.Index.CorruptIndexException(ex.Message, ex);
            }

            return new DecryptingIndexInput($"EncryptedIndexInput({name})", input, file);
        }
        catch
        {
            input.Dispose();
            throw;
        }
    }

    public override IndexInputSlicer CreateSlicer(string name, IOContext context)
    {
        IndexInput input = OpenInput(name, context);
        if (input is DecryptingIndexInput decrypting)
        {
            return new Slicer(decrypting);
        }

        input.Dispose();
        return _inner.CreateSlicer(name, context);
    }

    public override Lucene.Net.Store.Lock MakeLock(string name) => _inner.MakeLock(name);

    public override void ClearLock(string name) => _inner.ClearLock(name);

    public override void SetLockFactory(LockFactory lockFactory) => _inner.SetLockFactory(lockFactory);

    public override LockFactory LockFactory => _inner.LockFactory;

    public override string GetLockID() => _inner.GetLockID();

    public override string ToString() => $"EncryptingDirectory({_inner})";

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }
    }

    /// <summary>The header when the file is in <see cref="BlockFormat"/>, else null.</summary>
    private static byte[]? ReadHeader(IndexInput input)
    {
        if (input.Length < BlockFormat.HeaderSize)
        {
            return null;
        }

        byte[] header = new byte[BlockFormat.HeaderSize];
        input.ReadBytes(header, 0, header.Length);
        return BlockFormat.HasMagic(header) ? header : null;
    }

    private sealed class Slicer(DecryptingIndexInput input) : IndexInputSlicer
    {
        public override IndexInput OpenSlice(string sliceDescription, long offset, long length) =>
            input.Slice($"{input}[{sliceDescription}]", offset, length);

        [Obsolete("Only for reading CFS files from 3.x indexes.")]
        public override IndexInput OpenFullSlice() => (IndexInput)input.Clone();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                input.Dispose();
            }
        }
    }
}
