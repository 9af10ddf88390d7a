using System.Globalization;

namespace Zhiku.Core.Answering.Citations;

/// <summary>
/// Where a cited or retrieved passage sits, as one short text for people: the heading path under the document title
/// (a Markdown H1 or a sheet/slide heading usually repeats the title, so it is dropped) and the page (a PDF page, a
/// slide) — " › 第二章 > 报销 (p.3)". The same text in the CLI, the server's /v1 answers and MCP.
/// </summary>
public static class CitationLocation
{
    /// <summary>" › heading (p.N)" with the leading title heading removed; empty when there is neither.</summary>
    public static string Format(string title, string heading, int? page) => Format(HeadingUnderTitle(title, heading), page);

    /// <summary>" › heading (p.N)"; empty when there is neither.</summary>
    public static string Format(string heading, int? page) =>
        (string.IsNullOrEmpty(heading) ? "" : " › " + heading) + (page is int p ? string.Create(CultureInfo.InvariantCulture, $" (p.{p})") : "");

    /// <summary>The heading path without a leading title heading (a Markdown H1 usually repeats the title).</summary>
    public static string HeadingUnderTitle(string title, string heading)
    {
        string prefix = title + " > ";
        return heading == title ? "" : heading.StartsWith(prefix, StringComparison.Ordinal) ? heading[prefix.Length..] : heading;
    }
}
