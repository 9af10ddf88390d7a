namespace Zhiku.Core.Documents;

/// <summary>
/// Writes one sheet's rows as blocks: the sheet name as a heading, rows above the header (a title line) as
/// paragraphs, the header row detected, and each data row a row block written with its headers
/// ("产品编号: ZK-2024-001P; 建议零售价: 8,600元") whose heading is its cell range ("价格表!A12:F12"), so a
/// citation points at the sheet and row. Rows come one at a time, so a sheet of any length streams through.
/// </summary>
internal sealed class SpreadsheetSection
{
    /// <summary>Rows looked at for a header before the sheet is taken to have none.</summary>
    private const int HeaderSearchRows = 10;

    private readonly ExtractedTextBuilder _builder;
    private readonly string _sheet;
    private readonly List<(int Row, IReadOnlyList<SpreadsheetCell> Cells)> _pending = [];
    private IReadOnlyList<string>? _header;

    public SpreadsheetSection(ExtractedTextBuilder builder, string sheet)
    {
        _builder = builder;
        _sheet = sheet;
        builder.Add(sheet, BlockKind.Heading, sheet);
    }

    /// <summary>Rows with no text, skipped.</summary>
    public int EmptyRows { get; private set; }

    /// <summary>Adds the next row (1-based <paramref name="row"/>; cells by column, 0-based).</summary>
    public void Add(int row, IReadOnlyList<SpreadsheetCell> cells)
    {
        if (cells.All(c => string.IsNullOrWhiteSpace(c.Text)))
        {
            EmptyRows++;
            return;
        }

        if (_header is not null)
        {
            AddRow(row, cells);
            return;
        }

        // A header is the first row of two or more cells that are all text, not numbers or dates.
        if (cells.Count(c => !string.IsNullOrWhiteSpace(c.Text)) >= 2 && cells.All(c => c.IsText || string.IsNullOrWhiteSpace(c.Text)))
        {
            foreach (var (r, c) in _pending)
            {
                _builder.Add(string.Join(' ', c.Select(x => x.Text.Trim()).Where(t => t.Length > 0)), BlockKind.Paragraph, _sheet);
            }

            _pending.Clear();
            _header = Names(cells);
            _builder.Add(string.Join(" | ", _header.Where(h => h.Length > 0)), BlockKind.Row, $"{_sheet}!{Range(row, cells)}");
            return;
        }

        _pending.Add((row, cells));
        if (_pending.Count >= HeaderSearchRows)
        {
            Finish();
        }
    }

    /// <summary>Writes rows still held back while looking for a header: a sheet without one gets column letters.</summary>
    public void Finish()
    {
        if (_header is not null || _pending.Count == 0)
        {
            return;
        }

        var width = _pending.Max(p => p.Cells.Count);
        _header = Enumerable.Range(0, width).Select(SpreadsheetReference.Column).ToArray();
        foreach (var (row, cells) in _pending)
        {
            AddRow(row, cells);
        }

        _pending.Clear();
    }

    private void AddRow(int row, IReadOnlyList<SpreadsheetCell> cells)
    {
        var text = RowText.WithHeader(_header!, cells.Select(c => c.Text).ToArray());
        _builder.Add(text, BlockKind.Row, $"{_sheet}!{Range(row, cells)}");
    }

    private static string[] Names(IReadOnlyList<SpreadsheetCell> cells) =>
        cells.Select((c, i) => string.IsNullOrWhiteSpace(c.Text) ? "" : string.Join(' ', c.Text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))).ToArray();

    private static string Range(int row, IReadOnlyList<SpreadsheetCell> cells)
    {
        var first = 0;
        while (first < cells.Count && string.IsNullOrWhiteSpace(cells[first].Text))
        {
            first++;
        }

        var last = cells.Count - 1;
        while (last > first && string.IsNullOrWhiteSpace(cells[last].Text))
        {
            last--;
        }

        return $"{SpreadsheetReference.Column(first)}{row}:{SpreadsheetReference.Column(last)}{row}";
    }
}
