using Mono.Unix;

namespace Zhiku.Core.Documents;

/// <summary>
/// Tells regular files from the rest (FIFOs, devices, sockets, symbolic links to them) without opening them:
/// opening a FIFO blocks until someone writes, and a device such as /dev/zero never ends.
/// </summary>
public static class FileKind
{
    /// <summary>Why <paramref name="path"/> is not a regular file to read ("a FIFO (named pipe)"), or null when
    /// it is one. Symbolic links are followed; a dangling link is reported too.</summary>
    public static string? WhyNotRegular(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            // Windows has no FIFOs or device files in the file system; a device path is refused by the BCL itself.
            return null;
        }

        UnixFileSystemInfo entry;
        try
        {
            entry = UnixFileSystemInfo.GetFileSystemEntry(path);
            if (entry.IsSymbolicLink)
            {
                entry = new UnixFileInfo(path);
                if (!entry.Exists)
                {
                    return "a symbolic link to nothing / 指向不存在目标的符号链接";
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException or ArgumentException)
        {
            return null;
        }

        return entry.FileType switch
        {
            FileTypes.RegularFile => null,
            FileTypes.Fifo => "a FIFO (named pipe) / 命名管道",
            FileTypes.CharacterDevice => "a character device / 字符设备",
            FileTypes.BlockDevice => "a block device / 块设备",
            FileTypes.Socket => "a socket / 套接字",
            FileTypes.Directory => "a folder / 文件夹",
            _ => "not a regular file / 不是普通文件",
        };
    }

    /// <summary>Reads a regular file whole, refusing more than <paramref name="maxBytes"/> before the bytes are
    /// in memory: a file that grows past its stated length while being read is refused too.</summary>
    /// <returns>The bytes, or null when the file holds more than <paramref name="maxBytes"/>.</returns>
    /// <exception cref="IOException">The file cannot be opened or read.</exception>
    public static async Task<byte[]?> ReadBoundedAsync(string path, long maxBytes, CancellationToken cancellationToken = default)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous);
        await using (stream.ConfigureAwait(false))
        {
            long stated = stream.CanSeek ? stream.Length : 0;
            if (stated > maxBytes)
            {
                return null;
            }

            // Read the stated length, then never trust it: a file that goes on (it grew, or it is not what stat said)
            // is read on in small steps and refused one step past the cap.
            var buffer = new byte[stated];
            int filled = 0;
            while (filled < buffer.Length)
            {
                int read = await stream.ReadAsync(buffer.AsMemory(filled), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    return buffer[..filled];
                }

                filled += read;
            }

            var step = new byte[81920];
            int more = await stream.ReadAsync(step, cancellationToken).ConfigureAwait(false);
            if (more == 0)
            {
                return buffer;
            }

            using var rest = new MemoryStream();
            rest.Write(buffer);
            while (more > 0)
            {
                if (rest.Length + more > maxBytes)
                {
                    return null;
                }

                rest.Write(step, 0, more);
                more = await stream.ReadAsync(step, cancellationToken).ConfigureAwait(false);
            }

            return rest.ToArray();
        }
    }
}
