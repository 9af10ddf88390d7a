using System.Runtime.InteropServices;
using System.Text;

namespace Zhiku.Cli;

/// <summary>
/// Reads the lines a person types into `zhiku chat`. At a terminal, input goes through editline (libedit, the BSD
/// line editor Debian ships as libedit2): cursor keys, Home/End, Ctrl+A/E/K/W, and ↑/↓ through this session's
/// questions, with the width of Chinese characters handled by the library. When input is redirected, or libedit is not
/// installed, lines are read plainly (no editing; the chat works the same).
/// </summary>
internal abstract class LineInput : IDisposable
{
    /// <summary>The reader for this process: editline at a terminal when the library loads, else plain lines.</summary>
    public static LineInput Open()
    {
        if (!Console.IsInputRedirected && !Console.IsOutputRedirected && EditLineInput.TryOpen() is { } editor)
        {
            return editor;
        }

        return new PlainLineInput(interactive: !Console.IsInputRedirected);
    }

    /// <summary>True when cursor keys and history work (editline is in use).</summary>
    public abstract bool Editing { get; }

    /// <summary>Shows <paramref name="prompt"/> (at a terminal) and reads one line; null at end of input (Ctrl+D).</summary>
    public abstract string? ReadLine(string prompt);

    /// <summary>Remembers a line for ↑ (a no-op without editing).</summary>
    public abstract void Remember(string line);

    public virtual void Dispose()
    {
    }
}

/// <summary>Lines from <see cref="Console.In"/>; the prompt is written only when a person is typing.</summary>
internal sealed class PlainLineInput(bool interactive) : LineInput
{
    public override bool Editing => false;

    public override string? ReadLine(string prompt)
    {
        if (interactive)
        {
            Console.Write(prompt);
        }

        return Console.ReadLine();
    }

    public override void Remember(string line)
    {
    }
}

/// <summary>editline's readline-compatible API through P/Invoke; the terminal's locale is set so UTF-8 input works.</summary>
internal sealed partial class EditLineInput : LineInput
{
    private const string Library = "libedit.so.2";
    private const int LcAll = 6;
    private static readonly Lock Gate = new();
    private static bool? _loadable;

    private EditLineInput()
    {
    }

    public override bool Editing => true;

    /// <summary>The editline reader, or null when libedit cannot be loaded on this machine.</summary>
    public static EditLineInput? TryOpen()
    {
        lock (Gate)
        {
            _loadable ??= OperatingSystem.IsLinux() && NativeLibrary.TryLoad(Library, out _) && SetLocale();
            return _loadable.Value ? new EditLineInput() : null;
        }
    }

    public override string? ReadLine(string prompt)
    {
        // Line breaks before the prompt go out through the console (editline measures the prompt as one line), after
        // anything the runtime still buffers.
        string lastLine = prompt.TrimStart('\n');
        Console.Write(prompt[..^lastLine.Length]);
        Console.Out.Flush();
        IntPtr line = NativeReadLine(ZeroTerminated(lastLine));
        if (line == IntPtr.Zero)
        {
            // End of input (Ctrl+D on an empty line): end the prompt's line like a shell does.
            Console.WriteLine();
            return null;
        }

        try
        {
            return Marshal.PtrToStringUTF8(line) ?? "";
        }
        finally
        {
            Free(line);
        }
    }

    public override void Remember(string line)
    {
        if (line.Length > 0)
        {
            _ = AddHistory(ZeroTerminated(line));
        }
    }

    private static bool SetLocale()
    {
        // editline decodes multibyte input by the C locale; .NET does not set it. "" takes LANG/LC_*; a C or POSIX
        // locale still cannot decode UTF-8, so fall back to C.UTF-8, which glibc always has.
        IntPtr current = NativeSetLocale(LcAll, "");
        string? name = current == IntPtr.Zero ? null : Marshal.PtrToStringUTF8(current);
        if (name is null || !name.Contains("UTF-8", StringComparison.OrdinalIgnoreCase) && !name.Contains("utf8", StringComparison.OrdinalIgnoreCase))
        {
            _ = NativeSetLocale(LcAll, "C.UTF-8");
        }

        return true;
    }

    private static byte[] ZeroTerminated(string text) => Encoding.UTF8.GetBytes(text + "\0");

    [LibraryImport(Library, EntryPoint = "readline")]
    private static partial IntPtr NativeReadLine(byte[] prompt);

    [LibraryImport(Library, EntryPoint = "add_history")]
    private static partial int AddHistory(byte[] line);

    [LibraryImport("libc", EntryPoint = "free")]
    private static partial void Free(IntPtr pointer);

    [LibraryImport("libc", EntryPoint = "setlocale", StringMarshalling = StringMarshalling.Utf8)]
    private static partial IntPtr NativeSetLocale(int category, string locale);
}
