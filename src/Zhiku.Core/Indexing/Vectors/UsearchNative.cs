using System.Runtime.InteropServices;
using System.Text;

namespace Zhiku.Core.Indexing.Vectors;

/// <summary>
/// Direct calls into libusearch_c (shipped by the Cloud.Unum.USearch package). The package's managed wrapper
/// grows capacity by one slot per Add (quadratic reallocation on bulk loads) and hides usearch_reserve, so
/// <see cref="HnswVectorIndex"/> talks to the C API itself. Signatures follow usearch.h of USearch 2.x.
/// </summary>
internal static class UsearchNative
{
    private const string Library = "libusearch_c";

    public const uint MetricCos = 1;
    public const uint ScalarF32 = 1;

    [StructLayout(LayoutKind.Sequential)]
    public struct InitOptions
    {
        public uint MetricKind;
        public IntPtr Metric;
        public uint Quantization;
        public UIntPtr Dimensions;
        public UIntPtr Connectivity;
        public UIntPtr ExpansionAdd;
        public UIntPtr ExpansionSearch;
        public byte Multi;
    }

    [DllImport(Library, EntryPoint = "usearch_init")]
    private static extern IntPtr Init(ref InitOptions options, out IntPtr error);

    [DllImport(Library, EntryPoint = "usearch_free")]
    private static extern void Free(IntPtr index, out IntPtr error);

    [DllImport(Library, EntryPoint = "usearch_save")]
    private static extern void Save(IntPtr index, byte[] path, out IntPtr error);

    [DllImport(Library, EntryPoint = "usearch_load")]
    private static extern void Load(IntPtr index, byte[] path, out IntPtr error);

    [DllImport(Library, EntryPoint = "usearch_serialized_length")]
    private static extern UIntPtr SerializedLength(IntPtr index, out IntPtr error);

    [DllImport(Library, EntryPoint = "usearch_save_buffer")]
    private static extern void SaveBuffer(IntPtr index, IntPtr buffer, UIntPtr length, out IntPtr error);

    [DllImport(Library, EntryPoint = "usearch_load_buffer")]
    private static extern void LoadBuffer(IntPtr index, IntPtr buffer, UIntPtr length, out IntPtr error);

    [DllImport(Library, EntryPoint = "usearch_size")]
    private static extern UIntPtr Size(IntPtr index, out IntPtr error);

    [DllImport(Library, EntryPoint = "usearch_capacity")]
    private static extern UIntPtr Capacity(IntPtr index, out IntPtr error);

    [DllImport(Library, EntryPoint = "usearch_memory_usage")]
    private static extern UIntPtr MemoryUsage(IntPtr index, out IntPtr error);

    [DllImport(Library, EntryPoint = "usearch_reserve")]
    private static extern void Reserve(IntPtr index, UIntPtr capacity, out IntPtr error);

    [DllImport(Library, EntryPoint = "usearch_change_expansion_search")]
    private static extern void ChangeExpansionSearch(IntPtr index, UIntPtr expansion, out IntPtr error);

    [DllImport(Library, EntryPoint = "usearch_add")]
    private static extern void Add(IntPtr index, ulong key, float[] vector, uint scalarKind, out IntPtr error);

    [DllImport(Library, EntryPoint = "usearch_contains")]
    [return: MarshalAs(UnmanagedType.I1)]
    private static extern bool Contains(IntPtr index, ulong key, out IntPtr error);

    [DllImport(Library, EntryPoint = "usearch_remove")]
    private static extern UIntPtr Remove(IntPtr index, ulong key, out IntPtr error);

    [DllImport(Library, EntryPoint = "usearch_get")]
    private static extern UIntPtr Get(IntPtr index, ulong key, UIntPtr count, [Out] float[] vector, uint scalarKind, out IntPtr error);

    [DllImport(Library, EntryPoint = "usearch_search")]
    private static extern UIntPtr Search(IntPtr index, float[] query, uint scalarKind, UIntPtr count,
        [Out] ulong[] keys, [Out] float[] distances, out IntPtr error);

    public static IntPtr Create(int dimensions, int connectivity, int expansionAdd, int expansionSearch)
    {
        var options = new InitOptions
        {
            MetricKind = MetricCos,
            Quantization = ScalarF32,
            Dimensions = (UIntPtr)dimensions,
            Connectivity = (UIntPtr)connectivity,
            ExpansionAdd = (UIntPtr)expansionAdd,
            ExpansionSearch = (UIntPtr)expansionSearch,
        };
        var index = Init(ref options, out var error);
        ThrowIf(error, "init");
        return index;
    }

    public static void Free(IntPtr index)
    {
        Free(index, out var error);
        ThrowIf(error, "free");
    }

    public static void Save(IntPtr index, string path)
    {
        Save(index, Utf8(path), out var error);
        ThrowIf(error, "save");
    }

    public static void Load(IntPtr index, string path)
    {
        Load(index, Utf8(path), out var error);
        ThrowIf(error, "load");
    }

    /// <summary>Writes the index through <paramref name="output"/> via an unmanaged buffer (no plaintext temp file:
    /// the stream may encrypt).</summary>
    public static unsafe void Save(IntPtr index, Stream output)
    {
        UIntPtr length = SerializedLength(index, out var error);
        ThrowIf(error, "serialized_length");
        void* buffer = NativeMemory.Alloc(length);
        try
        {
            SaveBuffer(index, (IntPtr)buffer, length, out error);
            ThrowIf(error, "save_buffer");
            using var source = new UnmanagedMemoryStream((byte*)buffer, (long)length);
            source.CopyTo(output);
        }
        finally
        {
            NativeMemory.Clear(buffer, length);
            NativeMemory.Free(buffer);
        }
    }

    /// <summary>Loads the index from <paramref name="input"/> (all of it) via an unmanaged buffer.</summary>
    public static unsafe void Load(IntPtr index, Stream input)
    {
        var length = (nuint)input.Length;
        void* buffer = NativeMemory.Alloc(length);
        try
        {
            using (var target = new UnmanagedMemoryStream((byte*)buffer, (long)length, (long)length, FileAccess.Write))
            {
                input.CopyTo(target);
                if (target.Position != (long)length)
                {
                    throw new InvalidOperationException("USearch load_buffer failed: the file ended early");
                }
            }

            LoadBuffer(index, (IntPtr)buffer, length, out var error);
            ThrowIf(error, "load_buffer");
        }
        finally
        {
            NativeMemory.Clear(buffer, length);
            NativeMemory.Free(buffer);
        }
    }

    public static long Size(IntPtr index) => (long)Size(index, out _);

    public static long Capacity(IntPtr index) => (long)Capacity(index, out _);

    public static long MemoryUsage(IntPtr index) => (long)MemoryUsage(index, out _);

    public static void Reserve(IntPtr index, long capacity)
    {
        Reserve(index, (UIntPtr)capacity, out var error);
        ThrowIf(error, "reserve");
    }

    public static void SetExpansionSearch(IntPtr index, int expansion)
    {
        ChangeExpansionSearch(index, (UIntPtr)expansion, out var error);
        ThrowIf(error, "change_expansion_search");
    }

    public static void Add(IntPtr index, long key, float[] vector)
    {
        Add(index, unchecked((ulong)key), vector, ScalarF32, out var error);
        ThrowIf(error, "add");
    }

    public static bool Contains(IntPtr index, long key) => Contains(index, unchecked((ulong)key), out _);

    public static bool Remove(IntPtr index, long key)
    {
        var removed = Remove(index, unchecked((ulong)key), out var error);
        ThrowIf(error, "remove");
        return removed != UIntPtr.Zero;
    }

    /// <summary>Copies the vector stored under <paramref name="key"/> into <paramref name="vector"/>; false when there is none.</summary>
    public static bool Get(IntPtr index, long key, float[] vector)
    {
        var found = Get(index, unchecked((ulong)key), (UIntPtr)1, vector, ScalarF32, out var error);
        ThrowIf(error, "get");
        return found != UIntPtr.Zero;
    }

    public static int Search(IntPtr index, float[] query, int count, ulong[] keys, float[] distances)
    {
        var found = Search(index, query, ScalarF32, (UIntPtr)count, keys, distances, out var error);
        ThrowIf(error, "search");
        return (int)found;
    }

    private static byte[] Utf8(string path) => Encoding.UTF8.GetBytes(path + "\0");

    private static void ThrowIf(IntPtr error, string operation)
    {
        if (error != IntPtr.Zero)
        {
            throw new InvalidOperationException($"USearch {operation} failed: {Marshal.PtrToStringUTF8(error)}");
        }
    }
}
