using System.IO.Compression;

namespace Zhiku.Core.Documents;

/// <summary>
/// Checks a zip package before an Office library opens it: it must be a zip, and it must not unpack to more
/// than the allowed size, by its declared entry sizes and by the bytes it really inflates to (declared sizes
/// can lie).
/// </summary>
internal static class ZipGuard
{
    public static void Check(byte[] bytes, string fileName, string format, DocumentReaderOptions options)
    {
        if (bytes.Length < 4 || bytes[0] != 'P' || bytes[1] != 'K' || bytes[2] != 3 || bytes[3] != 4)
        {
            // A password-protected Office file is not a zip but an OLE compound file holding "EncryptionInfo".
            throw IsEncryptedOffice(bytes) ? DocumentErrors.OfficeEncrypted(fileName, format) : DocumentErrors.NotZip(fileName, format);
        }

        var limit = options.UnpackedLimit(bytes.Length);
        try
        {
            using var zip = new ZipArchive(new MemoryStream(bytes, writable: false), ZipArchiveMode.Read);
            var declared = zip.Entries.Sum(e => e.Length);
            if (declared > limit)
            {
                throw DocumentErrors.ZipBomb(fileName, declared, limit);
            }

            long inflated = 0;
            var buffer = new byte[81920];
            foreach (var entry in zip.Entries)
            {
                using var stream = entry.Open();
                int read;
                while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
                {
                    inflated += read;
                    if (inflated > limit)
                    {
                        throw DocumentErrors.ZipBomb(fileName, inflated, limit);
                    }
                }
            }
        }
        catch (Exception e) when (e is InvalidDataException or NotSupportedException or IOException)
        {
            throw DocumentErrors.NotZip(fileName, format, e);
        }
    }

    private static readonly byte[] CompoundFileSignature = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    private static readonly byte[] EncryptionInfoName = System.Text.Encoding.Unicode.GetBytes("EncryptionInfo");

    /// <summary>Whether <paramref name="bytes"/> are an OLE compound file with an encrypted Office package inside.</summary>
    internal static bool IsEncryptedOffice(byte[] bytes) =>
        bytes.AsSpan().StartsWith(CompoundFileSignature) && bytes.AsSpan().IndexOf(EncryptionInfoName) >= 0;
}
