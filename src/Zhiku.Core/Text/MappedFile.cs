using System.IO.MemoryMappedFiles;

namespace Zhiku.Core.Text;

/// <summary>
/// A file mapped read-only into memory for the rest of the process: the word tables are process-wide, so a mapping
/// handed to one is never unmapped (its pointer stays acquired even if the object is collected), and no span over it
/// can outlive the memory. <see cref="Dispose"/> is only for a file that was rejected before any table used it.
/// </summary>
internal sealed unsafe class MappedFile : IDisposable
{
    private readonly MemoryMappedFile _file;
    private readonly MemoryMappedViewAccessor _view;
    private readonly byte* _pointer;
    private readonly int _length;

    private MappedFile(MemoryMappedFile file, MemoryMappedViewAccessor view, byte* pointer, int length)
    {
        _file = file;
        _view = view;
        _pointer = pointer;
        _length = length;
    }

    /// <summary>The file's bytes.</summary>
    public ReadOnlySpan<byte> Span => new(_pointer, _length);

    /// <summary>Maps <paramref name="path"/> read-only.</summary>
    /// <exception cref="IOException">The file cannot be read, is empty or is larger than 2 GB.</exception>
    public static MappedFile Open(string path)
    {
        // FileShare.Delete: another process may replace the file meanwhile; this mapping keeps the one opened.
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete);
        long length = stream.Length;
        if (length is <= 0 or > int.MaxValue)
        {
            stream.Dispose();
            throw new IOException($"{path}: {length} bytes cannot be mapped");
        }

        MemoryMappedFile file;
        try
        {
            file = MemoryMappedFile.CreateFromFile(stream, null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: false);
        }
        catch
        {
            stream.Dispose();
            throw;
        }

        MemoryMappedViewAccessor? view = null;
        try
        {
            view = file.CreateViewAccessor(0, length, MemoryMappedFileAccess.Read);
            byte* pointer = null;
            view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
            return new MappedFile(file, view, pointer + view.PointerOffset, (int)length);
        }
        catch
        {
            view?.Dispose();
            file.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        _view.SafeMemoryMappedViewHandle.ReleasePointer();
        _view.Dispose();
        _file.Dispose();
    }
}
