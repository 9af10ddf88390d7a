using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace Zhiku.SampleGenerator;

/// <summary>
/// Writes a .docx with real heading styles. The heading styles use the ids a Chinese Word gives them ("1", "2")
/// with the English names "heading 1", "heading 2", as such files do, so readers must go by style name.
/// </summary>
internal sealed class DocxWriter
{
    private readonly List<OpenXmlElement> _body = [];

    public void Title(string text) => _body.Add(Styled(text, "Title"));

    public void Heading(int level, string text) => _body.Add(Styled(text, level.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    public void Paragraph(string text) => _body.Add(new Paragraph(new Run(new Text(text) { Space = SpaceProcessingModeValues.Preserve })));

    public void Table(params string[][] rows)
    {
        var borders = new TableBorders(
            new TopBorder { Val = BorderValues.Single, Size = 4 },
            new BottomBorder { Val = BorderValues.Single, Size = 4 },
            new LeftBorder { Val = BorderValues.Single, Size = 4 },
            new RightBorder { Val = BorderValues.Single, Size = 4 },
            new InsideHorizontalBorder { Val = BorderValues.Single, Size = 4 },
            new InsideVerticalBorder { Val = BorderValues.Single, Size = 4 });
        var table = new Table(new TableProperties(borders, new TableWidth { Type = TableWidthUnitValues.Pct, Width = "5000" }));
        foreach (var row in rows)
        {
            table.Append(new TableRow(row.Select(cell => new TableCell(new Paragraph(new Run(new Text(cell)))))));
        }

        _body.Add(table);
        _body.Add(new Paragraph());
    }

    public byte[] Build(string title, string author)
    {
        using var stream = new MemoryStream();
        using (var word = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            word.PackageProperties.Title = title;
            word.PackageProperties.Creator = author;
            word.PackageProperties.Created = new DateTime(2025, 3, 20, 9, 0, 0, DateTimeKind.Utc);
            word.PackageProperties.Modified = new DateTime(2025, 3, 20, 9, 0, 0, DateTimeKind.Utc);
            var main = word.AddMainDocumentPart();
            main.Document = new Document(new Body(_body.Select(e => e.CloneNode(true))));
            var styles = main.AddNewPart<StyleDefinitionsPart>();
            styles.Styles = new Styles(
                Style("Normal", "Normal", null, 21, bold: false, outline: null),
                Style("Title", "Title", "Normal", 36, bold: true, outline: null),
                Style("1", "heading 1", "Normal", 30, bold: true, outline: 0),
                Style("2", "heading 2", "Normal", 26, bold: true, outline: 1));
        }

        return stream.ToArray();
    }

    private static Paragraph Styled(string text, string styleId) =>
        new(new ParagraphProperties(new ParagraphStyleId { Val = styleId }), new Run(new Text(text)));

    private static Style Style(string id, string name, string? basedOn, int halfPoints, bool bold, int? outline)
    {
        var style = new Style { Type = StyleValues.Paragraph, StyleId = id, Default = id == "Normal" ? true : null };
        style.Append(new StyleName { Val = name });
        if (basedOn is not null)
        {
            style.Append(new BasedOn { Val = basedOn });
        }

        if (outline is not null)
        {
            style.Append(new StyleParagraphProperties(new OutlineLevel { Val = outline }));
        }

        var run = new StyleRunProperties(new RunFonts { EastAsia = "Microsoft YaHei" }, new FontSize { Val = halfPoints.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        if (bold)
        {
            run.Append(new Bold());
        }

        style.Append(run);
        return style;
    }
}
