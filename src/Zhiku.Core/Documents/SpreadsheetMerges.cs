namespace Zhiku.Core.Documents;

/// <summary>
/// Fills merged cells with the value of their top-left cell as rows stream by, so a row inside a merged block
/// ("华东区" over three rows) still says which block it belongs to. Only ranges open at the current row are kept.
/// </summary>
internal sealed class SpreadsheetMerges
{
    private readonly Queue<(int Row1, int Column1, int Row2, int Column2)> _waiting;
    private readonly List<(int Row1, int Column1, int Row2, int Column2, SpreadsheetCell Value)> _open = [];

    public SpreadsheetMerges(IEnumerable<(int Row1, int Column1, int Row2, int Column2)> ranges)
    {
        _waiting = new Queue<(int, int, int, int)>(ranges.OrderBy(r => r.Row1));
    }

    /// <summary>Fills the cells of row <paramref name="row"/> that lie in a merged range; rows come in ascending order.</summary>
    public void Fill(int row, List<SpreadsheetCell> cells)
    {
        _open.RemoveAll(m => m.Row2 < row);
        while (_waiting.Count > 0 && _waiting.Peek().Row1 <= row)
        {
            var range = _waiting.Dequeue();
            if (range.Row2 < row)
            {
                continue;
            }

            var value = range.Row1 == row && range.Column1 < cells.Count ? cells[range.Column1] : SpreadsheetCell.Empty;
            _open.Add((range.Row1, range.Column1, range.Row2, range.Column2, value));
        }

        foreach (var merge in _open)
        {
            if (string.IsNullOrWhiteSpace(merge.Value.Text))
            {
                continue;
            }

            while (cells.Count <= merge.Column2)
            {
                cells.Add(SpreadsheetCell.Empty);
            }

            for (var c = merge.Column1; c <= merge.Column2; c++)
            {
                cells[c] = merge.Value;
            }
        }
    }
}
