using System.Text;

namespace Zhiku.Core.Documents;

/// <summary>
/// An RFC 4180 reader: fields separated by a delimiter, optionally quoted with '"', quotes doubled inside
/// quoted fields, which may hold delimiters and line breaks. Lenient where files in the wild are: a quote
/// inside an unquoted field is kept as text, CR, LF and CRLF all end a record.
/// </summary>
internal static class CsvReader
{
    /// <summary>A record and the 1-based line it starts on.</summary>
    public readonly record struct Record(IReadOnlyList<string> Fields, int Line);

    /// <summary>The records of <paramref name="text"/>; blank lines are skipped.</summary>
    /// <exception cref="FormatException">A quoted field is never closed; the message names its line.</exception>
    public static IEnumerable<Record> Read(string text, char delimiter)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        var recordLine = 1;
        var i = 0;
        var fieldStarted = false;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '"' && field.Length == 0 && !fieldStarted)
            {
                var quoteLine = line;
                i++;
                while (true)
                {
                    if (i >= text.Length)
                    {
                        throw new FormatException($"unclosed quote starting on line {quoteLine}");
                    }

                    if (text[i] == '"')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '"')
                        {
                            field.Append('"');
                            i += 2;
                            continue;
                        }

                        i++;
                        break;
                    }

                    if (text[i] == '\n' || (text[i] == '\r' && (i + 1 >= text.Length || text[i + 1] != '\n')))
                    {
                        line++;
                    }

                    field.Append(text[i]);
                    i++;
                }

                fieldStarted = true;
                continue;
            }

            if (c == delimiter)
            {
                fields.Add(field.ToString());
                field.Clear();
                fieldStarted = false;
                i++;
                continue;
            }

            if (c is '\r' or '\n')
            {
                i += c == '\r' && i + 1 < text.Length && text[i + 1] == '\n' ? 2 : 1;
                if (fields.Count > 0 || field.Length > 0 || fieldStarted)
                {
                    fields.Add(field.ToString());
                    yield return new Record(fields, recordLine);
                    fields = [];
                }

                field.Clear();
                fieldStarted = false;
                line++;
                recordLine = line;
                continue;
            }

            field.Append(c);
            fieldStarted = true;
            i++;
        }

        if (fields.Count > 0 || field.Length > 0 || fieldStarted)
        {
            fields.Add(field.ToString());
            yield return new Record(fields, recordLine);
        }
    }
}
