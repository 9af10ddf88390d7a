using System.Runtime.InteropServices;

namespace Zhiku.Core.Documents.Ocr;

/// <summary>
/// Sets OpenCV's own image size cap (<c>OPENCV_IO_MAX_IMAGE_PIXELS</c>), which it checks from an image's header
/// before decoding any pixel. OpenCV reads the variable once when it loads, from the process environment: on Unix
/// .NET keeps its own copy of the environment, so the variable is set with libc's setenv.
/// </summary>
internal static class PixelCap
{
    private const string Variable = "OPENCV_IO_MAX_IMAGE_PIXELS";

    public static void Apply(long maxPixels)
    {
        var value = maxPixels.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Environment.SetEnvironmentVariable(Variable, value);
        if (!OperatingSystem.IsWindows())
        {
            _ = SetEnv(Utf8Z(Variable), Utf8Z(value), 1);
        }
    }

    private static byte[] Utf8Z(string text) => System.Text.Encoding.UTF8.GetBytes(text + "\0");

    [DllImport("libc", EntryPoint = "setenv")]
    private static extern int SetEnv(byte[] name, byte[] value, int overwrite);
}
