using System.Text;

namespace Zhiku.Core.Documents;

/// <summary>Legacy code page encodings (GB18030, Big5, windows-125x...), registered once per process.</summary>
internal static class CodePages
{
    // Read by every lookup, so the provider is registered before the first legacy encoding is asked for.
    private static readonly bool Registered = Register();

    /// <summary>The encoding for <paramref name="codePage"/>; strict ones throw on invalid bytes.</summary>
    public static Encoding Get(int codePage, bool strict = false)
    {
        if (!Registered)
        {
            throw new InvalidOperationException("Code page encodings are not registered.");
        }

        return strict
            ? Encoding.GetEncoding(codePage, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback)
            : Encoding.GetEncoding(codePage);
    }

    /// <summary>Looks up an encoding by name; null when the name is unknown.</summary>
    public static Encoding? Find(string name)
    {
        if (!Registered)
        {
            throw new InvalidOperationException("Code page encodings are not registered.");
        }

        try
        {
            return Encoding.GetEncoding(name);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private static bool Register()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return true;
    }
}
