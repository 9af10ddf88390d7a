using System.Globalization;
using System.Text.RegularExpressions;
using DocumentFormat.OpenXml.Wordprocessing;

namespace Zhiku.Core.Documents;

/// <summary>
/// Heading levels of Word paragraphs from their styles. Style ids vary by the language Word ran in (a Chinese
/// Word names Heading 1 "1" or "标题1"), so the style's name, its outline level and those of the styles it is
/// based on decide, not the id alone.
/// </summary>
internal sealed partial class DocxStyles
{
    private readonly Dictionary<string, Style> _byId = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, int?> _levels = new(StringComparer.OrdinalIgnoreCase);

    public DocxStyles(Styles? styles)
    {
        foreach (var style in styles?.Elements<Style>() ?? [])
        {
            if (style.StyleId?.Value is { } id)
            {
                _byId.TryAdd(id, style);
            }
        }
    }

    /// <summary>0 for a Title paragraph, 1-9 for headings, null for body text.</summary>
    public int? HeadingLevel(Paragraph paragraph)
    {
        var properties = paragraph.ParagraphProperties;
        if (properties?.OutlineLevel?.Val?.Value is { } outline)
        {
            return outline < 9 ? outline + 1 : null;
        }

        var styleId = properties?.ParagraphStyleId?.Val?.Value;
        return styleId is null ? null : StyleLevel(styleId, 0);
    }

    private int? StyleLevel(string styleId, int depth)
    {
        if (_levels.TryGetValue(styleId, out var cached))
        {
            return cached;
        }

        int? level = null;
        if (_byId.TryGetValue(styleId, out var style))
        {
            level = NameLevel(style.StyleName?.Val?.Value)
                ?? (style.StyleParagraphProperties?.OutlineLevel?.Val?.Value is { } o ? (o < 9 ? o + 1 : null) : null);
            if (level is null && depth < 10 && style.BasedOn?.Val?.Value is { } parent)
            {
                level = StyleLevel(parent, depth + 1);
            }
        }
        else
        {
            // No style definitions: Word's built-in ids are "Title" and "Heading1".."Heading9".
            level = NameLevel(styleId);
        }

        _levels[styleId] = level;
        return level;
    }

    private static int? NameLevel(string? name)
    {
        if (name is null)
        {
            return null;
        }

        var compact = name.Replace(" ", "", StringComparison.Ordinal);
        if (compact.Equals("Title", StringComparison.OrdinalIgnoreCase) || compact == "标题")
        {
            return 0;
        }

        var match = HeadingName().Match(compact);
        return match.Success ? int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : null;
    }

    [GeneratedRegex(@"^(?:heading|标题)([1-9])$", RegexOptions.IgnoreCase)]
    private static partial Regex HeadingName();
}
