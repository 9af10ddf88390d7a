using Zhiku.SampleGenerator.Content;

namespace Zhiku.SampleGenerator;

/// <summary>Every generated sample file, by name.</summary>
internal static class SampleFiles
{
    public static IEnumerable<(string Name, byte[] Bytes)> All(byte[] font)
    {
        yield return (MeetingMinutes.FileName, MeetingMinutes.Build(font));
    }
}
