using Zhiku.SampleGenerator.Content;

namespace Zhiku.SampleGenerator;

/// <summary>Every generated sample file, by name.</summary>
internal static class SampleFiles
{
    public static IEnumerable<(string Name, byte[] Bytes)> All(byte[] font, string fontPath)
    {
        yield return (ScannedNotices.PdfFileName, ScannedNotices.BuildPdf(fontPath));
        yield return (ScannedNotices.PhotoFileName, ScannedNotices.BuildPhoto(fontPath));
        yield return (MeetingMinutes.FileName, MeetingMinutes.Build(font));
        yield return (ProductManual.FileName, ProductManual.Build());
        yield return (AdminNotice.FileName, AdminNotice.Build());
        yield return (Roster.FileName, Roster.Build());
        yield return (PriceList.FileName, PriceList.Build());
        yield return (LaunchDeck.FileName, LaunchDeck.Build());
        yield return (ProductionEmail.FileName, ProductionEmail.Build(font));
    }
}
