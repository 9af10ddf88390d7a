using System.Globalization;
using ExcelNumberFormat;

namespace Zhiku.Core.Documents;

/// <summary>
/// Writes a cell's cached number as the spreadsheet displays it, by the number format of the cell's style
/// (ExcelNumberFormat): "8,600元" for <c>#,##0"元"</c>, "2024/3/15" for a date, "12.5%" for a percentage.
/// </summary>
internal sealed class SpreadsheetNumberFormats
{
    // The built-in formats of ECMA-376 Part 1, 18.8.30, with the Chinese (zh-CN) forms of the locale-dependent ones.
    private static readonly Dictionary<int, string> BuiltIn = new()
    {
        [0] = "General",
        [1] = "0",
        [2] = "0.00",
        [3] = "#,##0",
        [4] = "#,##0.00",
        [9] = "0%",
        [10] = "0.00%",
        [11] = "0.00E+00",
        [12] = "# ?/?",
        [13] = "# ??/??",
        [14] = "yyyy/m/d",
        [15] = "d-mmm-yy",
        [16] = "d-mmm",
        [17] = "mmm-yy",
        [18] = "h:mm AM/PM",
        [19] = "h:mm:ss AM/PM",
        [20] = "h:mm",
        [21] = "h:mm:ss",
        [22] = "yyyy/m/d h:mm",
        [37] = "#,##0 ;(#,##0)",
        [38] = "#,##0 ;[Red](#,##0)",
        [39] = "#,##0.00;(#,##0.00)",
        [40] = "#,##0.00;[Red](#,##0.00)",
        [45] = "mm:ss",
        [46] = "[h]:mm:ss",
        [47] = "mmss.0",
        [48] = "##0.0E+0",
        [49] = "@",
        [27] = "yyyy\"年\"m\"月\"",
        [28] = "m\"月\"d\"日\"",
        [29] = "m\"月\"d\"日\"",
        [30] = "m/d/yy",
        [31] = "yyyy\"年\"m\"月\"d\"日\"",
        [32] = "h\"时\"mm\"分\"",
        [33] = "h\"时\"mm\"分\"ss\"秒\"",
        [34] = "上午/下午h\"时\"mm\"分\"",
        [35] = "上午/下午h\"时\"mm\"分\"ss\"秒\"",
        [36] = "yyyy\"年\"m\"月\"",
        [50] = "yyyy\"年\"m\"月\"",
        [51] = "m\"月\"d\"日\"",
        [52] = "yyyy\"年\"m\"月\"",
        [53] = "m\"月\"d\"日\"",
        [54] = "m\"月\"d\"日\"",
        [55] = "上午/下午h\"时\"mm\"分\"",
        [56] = "上午/下午h\"时\"mm\"分\"ss\"秒\"",
        [57] = "yyyy\"年\"m\"月\"",
        [58] = "m\"月\"d\"日\"",
    };

    private readonly List<NumberFormat?> _byStyle;
    private readonly bool _date1904;

    /// <param name="styleFormatIds">The number format id of each cell style (cellXfs), by style index.</param>
    /// <param name="customFormats">The workbook's own number formats by id.</param>
    /// <param name="date1904">Whether the workbook counts dates from 1904.</param>
    public SpreadsheetNumberFormats(IReadOnlyList<int> styleFormatIds, IReadOnlyDictionary<int, string> customFormats, bool date1904)
    {
        _date1904 = date1904;
        var parsed = new Dictionary<int, NumberFormat?>();
        _byStyle = new List<NumberFormat?>(styleFormatIds.Count);
        foreach (var id in styleFormatIds)
        {
            if (!parsed.TryGetValue(id, out var format))
            {
                var code = customFormats.GetValueOrDefault(id) ?? BuiltIn.GetValueOrDefault(id);
                format = code is null or "General" ? null : new NumberFormat(code);
                parsed[id] = format is { IsValid: true } ? format : null;
            }

            _byStyle.Add(parsed[id]);
        }
    }

    /// <summary>The displayed text of <paramref name="value"/> (the raw cell value) in the cell style <paramref name="style"/>.</summary>
    public string Display(string value, int style)
    {
        if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return value;
        }

        var format = style >= 0 && style < _byStyle.Count ? _byStyle[style] : null;
        if (format is not null)
        {
            try
            {
                return format.Format(number, Culture, _date1904);
            }
            catch (Exception e) when (e is ArgumentException or FormatException or OverflowException or InvalidCastException)
            {
                // A format the library cannot apply to this value (a date beyond its range): show the number.
            }
        }

        return General(number);
    }

    /// <summary>Excel's "General": up to 11 significant digits, no exponent for ordinary magnitudes.</summary>
    private static string General(double number)
    {
        var rounded = Math.Abs(number) >= 1e11 ? Math.Round(number) : double.Parse(number.ToString("G11", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        return rounded.ToString(Math.Abs(rounded) >= 1e15 ? "G15" : "0.##########", CultureInfo.InvariantCulture);
    }

    private static readonly CultureInfo Culture = CultureInfo.InvariantCulture;
}
