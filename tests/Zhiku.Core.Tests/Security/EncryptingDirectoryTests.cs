using System.Text;
using Lucene.Net.Codecs;
using Lucene.Net.Store;
using Zhiku.Core.Indexing;
using Zhiku.Core.Security;
using Zhiku.Core.Storage;

namespace Zhiku.Core.Tests.Security;

public sealed class EncryptingDirectoryTests
{
    private const string Canary = "QX7Z9-110105197001011234-碧水庄园";

    [Fact]
    public void AnEncryptedIndexFindsItsChunksAndItsFilesHoldNoTerm()
    {
        using var temp = new TempFolder();
        var encryption = new KeyedEncryption(EncryptionKey.Generate());
        using (var index = new FullTextIndex(temp.Path, encryption: encryption))
        {
            index.AddChunks(Enumerable.Range(1, 300).Select(i => Chunk(i, $"第{i}段：住户 {Canary} 的门牌 {i} 号，联系人张伟。")));
            index.Commit();
            index.DeleteDocuments([7]);
            index.Commit();
            Assert.Contains(index.Search("碧水庄园 门牌", 5), h => h.ChunkId != 7);
        }

        // Reopened: the commit, compound files and their slices are read back through the decrypting directory.
        using (var reopened = new FullTextIndex(temp.Path, encryption: encryption))
        {
            Assert.True(reopened.HasValidCommit());
            Assert.Equal(5, reopened.Search("碧水庄园", 5).Count);
            Assert.DoesNotContain(reopened.Search("门牌 7 号", 300), h => h.ChunkId == 7);
        }

        Assert.Empty(FilesContaining(temp.Path, ["碧水庄园", "110105197001011234", "QX7Z9", "张伟"]));
    }

    [Fact]
    public void APlainIndexHoldsTheTermsTheEncryptedOneHides()
    {
        using var temp = new TempFolder();
        using (var index = new FullTextIndex(temp.Path))
        {
            index.AddChunks([Chunk(1, $"住户 {Canary} 的门牌")]);
            index.Commit();
        }

        Assert.NotEmpty(FilesContaining(temp.Path, ["110105197001011234"]));
    }

    [Fact]
    public void ClonesSlicesAndChecksumFootersWork()
    {
        using var temp = new TempFolder();
        var encryption = new KeyedEncryption(EncryptionKey.Generate());
        using Lucene.Net.Store.Directory directory = encryption.WrapIndexDirectory(FSDirectory.Open(temp.Path));
        byte[] data = EncryptedFileTests.Pattern(20_000);
        using (IndexOutput output = directory.CreateOutput("x.bin", IOContext.DEFAULT))
        {
            CodecUtil.WriteHeader(output, "zhiku-test", 1);
            output.WriteBytes(data, 0, data.Length);
            CodecUtil.WriteFooter(output);
        }

        long headerLength = CodecUtil.HeaderLength("zhiku-test");
        Assert.Equal(headerLength + data.Length + CodecUtil.FooterLength(), directory.FileLength("x.bin"));
        using (ChecksumIndexInput check = directory.OpenChecksumInput("x.bin", IOContext.DEFAULT))
        {
            CodecUtil.CheckHeader(check, "zhiku-test", 1, 1);
            check.Seek(check.Length - CodecUtil.FooterLength());
            CodecUtil.CheckFooter(check);
        }

        using IndexInput input = directory.OpenInput("x.bin", IOContext.DEFAULT);
        input.Seek(headerLength + 5000);
        var clone = (IndexInput)input.Clone();
        Assert.Equal(headerLength + 5000, clone.Position);
        byte[] read = new byte[9000];
        clone.ReadBytes(read, 0, read.Length);
        Assert.Equal(data.AsSpan(5000, 9000).ToArray(), read);
        Assert.Equal(data[5000], input.ReadByte());

        using Lucene.Net.Store.Directory.IndexInputSlicer slicer = directory.CreateSlicer("x.bin", IOContext.DEFAULT);
        using IndexInput slice = slicer.OpenSlice("part", headerLength + 4090, 100);
        Assert.Equal(100, slice.Length);
        slice.Seek(10);
        Assert.Equal(data[4100], slice.ReadByte());
        var sliceClone = (IndexInput)slice.Clone();
        byte[] rest = new byte[89];
        sliceClone.ReadBytes(rest, 0, rest.Length);
        Assert.Equal(data.AsSpan(4101, 89).ToArray(), rest);
        Assert.Throws<EndOfStreamException>(() => sliceClone.ReadByte());
    }

    [Fact]
    public void AnIndexWrittenBeforeTheKeyWasSetStaysReadable()
    {
        using var temp = new TempFolder();
        using (var plain = new FullTextIndex(temp.Path))
        {
            plain.AddChunks([Chunk(1, "旧的明文索引里的年假规定")]);
            plain.Commit();
        }

        using var keyed = new FullTextIndex(temp.Path, encryption: new KeyedEncryption(EncryptionKey.Generate()));
        keyed.AddChunks([Chunk(2, "新的加密段里的报销规定")]);
        keyed.Commit();
        Assert.Single(keyed.Search("年假", 5));
        Assert.Single(keyed.Search("报销", 5));
    }

    internal static List<string> FilesContaining(string folder, IEnumerable<string> canaries)
    {
        var patterns = canaries.SelectMany(c => new[] { Encoding.UTF8.GetBytes(c), Encoding.Unicode.GetBytes(c) }).ToList();
        return System.IO.Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Where(f => patterns.Any(p => File.ReadAllBytes(f).AsSpan().IndexOf(p) >= 0))
            .ToList();
    }

    private static ChunkRecord Chunk(long id, string text) => new(id, id, 0, "", null, 0, text.Length, text, "t", null, null);
}
