using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Zhiku.Core.Documents;

/// <summary>
/// Excel workbooks (.xlsx, .xlsm; DocumentFormat.OpenXml's SAX-style <see cref="OpenXmlReader"/>, so a sheet of
/// 200,000 rows streams one row at a time): each visible sheet a section headed by its name, the header row
/// detected, each data row a row block written with its headers and headed by its range ("价格表!A12:F12").
/// Merged cells are filled with their value, formulas read by their cached value, numbers and dates written as
/// their number format displays them. Empty rows and hidden sheets are skipped. Encrypted workbooks and zip
/// bombs are refused before the Office library opens them.
/// </summary>
public sealed class XlsxParser : IDocumentParser
{
    private const string Format = "Excel (.xlsx)";
    private readonly DocumentReaderOptions _options;

    /// <summary>A parser with the default limits.</summary>
    public XlsxParser() : this(new DocumentReaderOptions()) { }

    /// <summary>A parser with the unpacked-size limits of <paramref name="options"/>.</summary>
    public XlsxParser(DocumentReaderOptions options)
    {
        options.Validate();
        _options = options;
    }

    /// <inheritdoc />
    public IReadOnlyCollection<string> Extensions { get; } = [".xlsx", ".xlsm"];

    /// <inheritdoc />
    public async Task<IReadOnlyList<ExtractedDocument>> ParseAsync(Stream content, string fileName, CancellationToken cancellationToken = default)
    {
        var bytes = await ParserInput.ReadZipPackageAsync(content, fileName, Format, _options, cancellationToken).ConfigureAwait(false);
        if (bytes is null)
        {
            return ParserInput.None;
        }

        try
        {
            var settings = new OpenSettings { MaxCharactersInPart = _options.UnpackedLimit(bytes.Length) };
            using var workbook = SpreadsheetDocument.Open(new MemoryStream(bytes, writable: false), false, settings);
            var part = workbook.WorkbookPart ?? throw DocumentErrors.Corrupt(fileName, Format);
            var strings = SharedStrings(part.SharedStringTablePart, cancellationToken);
            var formats = NumberFormats(part);
            var builder = new ExtractedTextBuilder();
            foreach (var sheet in part.Workbook?.Sheets?.Elements<Sheet>() ?? [])
            {
                if (sheet.State?.Value is { } state && state != SheetStateValues.Visible)
                {
                    continue;
                }

                if (sheet.Id?.Value is { } id && part.GetPartById(id) is WorksheetPart worksheet)
                {
                    ReadSheet(worksheet, sheet.Name?.Value ?? id, strings, formats, builder, cancellationToken);
                }
            }

            var title = workbook.PackageProperties.Title;
            title = !string.IsNullOrWhiteSpace(title) ? title.Trim() : ParserInput.TitleFromFileName(fileName);
            return ParserInput.One(builder.Build(null, title, "xlsx"));
        }
        catch (Exception e) when (e is OpenXmlPackageException or InvalidDataException or IOException or System.Xml.XmlException
            or InvalidOperationException or ArgumentOutOfRangeException or FormatException or KeyNotFoundException)
        {
            throw DocumentErrors.Corrupt(fileName, Format, e);
        }
    }

    private static void ReadSheet(WorksheetPart worksheet, string name, List<string> strings, SpreadsheetNumberFormats formats,
        ExtractedTextBuilder builder, CancellationToken cancellationToken)
    {
        var merges = new SpreadsheetMerges(MergedRanges(worksheet));
        var section = new SpreadsheetSection(builder, name);
        using var reader = OpenXmlReader.Create(worksheet);
        var nextRow = 1;
        while (reader.Read())
        {
            if (reader.ElementType != typeof(Row) || !reader.IsStartElement)
            {
                continue;
            }

            cancellationToken.ThrowIfCancellationRequested();
            var row = (Row)reader.LoadCurrentElement()!;
            var index = row.RowIndex?.Value is { } r and > 0 ? (int)r : nextRow;
            nextRow = index + 1;
            var cells = new List<SpreadsheetCell>();
            var column = 0;
            foreach (var cell in row.Elements<Cell>())
            {
                var (c, _) = SpreadsheetReference.Parse(cell.CellReference?.Value);
                column = c >= 0 ? c : column;
                while (cells.Count < column)
                {
                    cells.Add(SpreadsheetCell.Empty);
                }

                var value = Value(cell, strings, formats);
                if (cells.Count == column)
                {
                    cells.Add(value);
                }

                column++;
            }

            merges.Fill(index, cells);
            section.Add(index, cells);
        }

        section.Finish();
    }

    private static SpreadsheetCell Value(Cell cell, List<string> strings, SpreadsheetNumberFormats formats)
    {
        var raw = cell.CellValue?.Text;
        var type = cell.DataType?.Value;
        if (type == CellValues.SharedString)
        {
            return int.TryParse(raw, out var i) && i >= 0 && i < strings.Count ? new SpreadsheetCell(strings[i], true) : SpreadsheetCell.Empty;
        }

        if (type == CellValues.InlineString)
        {
            return new SpreadsheetCell(cell.InlineString is { } inline ? ItemText(inline) : raw ?? "", true);
        }

        if (raw is null)
        {
            return SpreadsheetCell.Empty;
        }

        if (type == CellValues.Boolean)
        {
            return new SpreadsheetCell(raw == "1" ? "TRUE" : "FALSE", false);
        }

        if (type == CellValues.String || type == CellValues.Error || type == CellValues.Date)
        {
            return new SpreadsheetCell(raw, type == CellValues.String);
        }

        return new SpreadsheetCell(formats.Display(raw, (int)(cell.StyleIndex?.Value ?? 0)), false);
    }

    private static List<string> SharedStrings(SharedStringTablePart? part, CancellationToken cancellationToken)
    {
        var strings = new List<string>();
        if (part is null)
        {
            return strings;
        }

        using var reader = OpenXmlReader.Create(part);
        while (reader.Read())
        {
            if (reader.ElementType == typeof(SharedStringItem) && reader.IsStartElement)
            {
                cancellationToken.ThrowIfCancellationRequested();
                strings.Add(ItemText((OpenXmlCompositeElement)reader.LoadCurrentElement()!));
            }
        }

        return strings;
    }

    /// <summary>The text of a shared or inline string: its runs, without phonetic guides.</summary>
    private static string ItemText(OpenXmlCompositeElement item) =>
        string.Concat(item.Descendants<DocumentFormat.OpenXml.Spreadsheet.Text>().Where(t => t.Ancestors<PhoneticRun>().FirstOrDefault() is null).Select(t => t.Text));

    private static SpreadsheetNumberFormats NumberFormats(WorkbookPart part)
    {
        var stylesheet = part.WorkbookStylesPart?.Stylesheet;
        var styleFormats = stylesheet?.CellFormats?.Elements<CellFormat>().Select(f => (int)(f.NumberFormatId?.Value ?? 0)).ToArray() ?? [];
        var custom = new Dictionary<int, string>();
        foreach (var format in stylesheet?.NumberingFormats?.Elements<NumberingFormat>() ?? [])
        {
            if (format.NumberFormatId?.Value is { } id && format.FormatCode?.Value is { } code)
            {
                custom[(int)id] = code;
            }
        }

        var date1904 = part.Workbook?.WorkbookProperties?.Date1904?.Value == true;
        return new SpreadsheetNumberFormats(styleFormats, custom, date1904);
    }

    /// <summary>The sheet's merged ranges; they follow the cells in the file, so this is a first pass that skips them.</summary>
    private static List<(int Row1, int Column1, int Row2, int Column2)> MergedRanges(WorksheetPart worksheet)
    {
        var ranges = new List<(int, int, int, int)>();
        using var reader = OpenXmlReader.Create(worksheet);
        while (reader.Read())
        {
            if (reader.ElementType == typeof(SheetData) && reader.IsStartElement)
            {
                reader.Skip();
            }

            if (reader.ElementType == typeof(MergeCell) && reader.IsStartElement
                && reader.Attributes.FirstOrDefault(a => a.LocalName == "ref").Value is { } reference)
            {
                var ends = reference.Split(':');
                var (c1, r1) = SpreadsheetReference.Parse(ends[0]);
                var (c2, r2) = SpreadsheetReference.Parse(ends[^1]);
                if (c1 >= 0 && c2 >= c1 && r2 >= r1)
                {
                    ranges.Add((r1, c1, r2, c2));
                }
            }
        }

        return ranges;
    }
}
