using System.IO.Compression;
using System.Text;

namespace Zhiku.SampleGenerator;

/// <summary>Builds Office packages (xlsx, pptx) from their XML parts, so a sample states exactly what the file holds.</summary>
internal static class OfficePackage
{
    public static byte[] Create(IReadOnlyDictionary<string, string> parts)
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (path, xml) in parts)
            {
                using var entry = zip.CreateEntry(path).Open();
                entry.Write(Encoding.UTF8.GetBytes(xml));
            }
        }

        return stream.ToArray();
    }

    private const string Ns = "http://schemas.openxmlformats.org";

    /// <summary>A workbook whose sheets are (name, hidden, sheet XML body inside &lt;worksheet&gt;).</summary>
    public static byte[] Workbook(IReadOnlyList<string> sharedStrings, string stylesXml, params (string Name, bool Hidden, string Body)[] sheets)
    {
        var parts = new Dictionary<string, string>
        {
            ["[Content_Types].xml"] = $"""<?xml version="1.0" encoding="UTF-8"?><Types xmlns="{Ns}/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>{string.Concat(sheets.Select((_, i) => $"""<Override PartName="/xl/worksheets/sheet{i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"""))}</Types>""",
            ["_rels/.rels"] = $"""<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{Ns}/package/2006/relationships"><Relationship Id="rId1" Type="{Ns}/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>""",
            ["xl/workbook.xml"] = $"""<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{Ns}/spreadsheetml/2006/main" xmlns:r="{Ns}/officeDocument/2006/relationships"><sheets>{string.Concat(sheets.Select((s, i) => $"""<sheet name="{s.Name}" sheetId="{i + 1}" {(s.Hidden ? "state=\"hidden\" " : "")}r:id="rId{i + 1}"/>"""))}</sheets></workbook>""",
            ["xl/_rels/workbook.xml.rels"] = $"""<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{Ns}/package/2006/relationships">{string.Concat(sheets.Select((_, i) => $"""<Relationship Id="rId{i + 1}" Type="{Ns}/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet{i + 1}.xml"/>"""))}<Relationship Id="rIdS" Type="{Ns}/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rIdY" Type="{Ns}/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>""",
            ["xl/sharedStrings.xml"] = $"""<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{Ns}/spreadsheetml/2006/main">{string.Concat(sharedStrings.Select(s => $"<si><t>{System.Security.SecurityElement.Escape(s)}</t></si>"))}</sst>""",
            ["xl/styles.xml"] = $"""<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="{Ns}/spreadsheetml/2006/main">{stylesXml}</styleSheet>""",
        };
        for (var i = 0; i < sheets.Length; i++)
        {
            parts[$"xl/worksheets/sheet{i + 1}.xml"] = $"""<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{Ns}/spreadsheetml/2006/main">{sheets[i].Body}</worksheet>""";
        }

        return Create(parts);
    }

    /// <summary>A deck of slides, each (slide shape-tree XML, notes text or null).</summary>
    public static byte[] Deck(params (string ShapeTree, string? Notes)[] slides)
    {
        const string namespaces = "xmlns:p=\"http://schemas.openxmlformats.org/presentationml/2006/main\" xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"";
        var parts = new Dictionary<string, string>
        {
            ["[Content_Types].xml"] = $"""<?xml version="1.0" encoding="UTF-8"?><Types xmlns="{Ns}/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/ppt/presentation.xml" ContentType="application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"/>{string.Concat(slides.Select((_, i) => $"""<Override PartName="/ppt/slides/slide{i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.presentationml.slide+xml"/><Override PartName="/ppt/notesSlides/notesSlide{i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.presentationml.notesSlide+xml"/>"""))}</Types>""",
            ["_rels/.rels"] = $"""<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{Ns}/package/2006/relationships"><Relationship Id="rId1" Type="{Ns}/officeDocument/2006/relationships/officeDocument" Target="ppt/presentation.xml"/></Relationships>""",
            ["ppt/presentation.xml"] = $"""<?xml version="1.0" encoding="UTF-8"?><p:presentation {namespaces}><p:sldIdLst>{string.Concat(slides.Select((_, i) => $"""<p:sldId id="{256 + i}" r:id="rId{i + 1}"/>"""))}</p:sldIdLst></p:presentation>""",
            ["ppt/_rels/presentation.xml.rels"] = $"""<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{Ns}/package/2006/relationships">{string.Concat(slides.Select((_, i) => $"""<Relationship Id="rId{i + 1}" Type="{Ns}/officeDocument/2006/relationships/slide" Target="slides/slide{i + 1}.xml"/>"""))}</Relationships>""",
        };
        for (var i = 0; i < slides.Length; i++)
        {
            parts[$"ppt/slides/slide{i + 1}.xml"] = $"""<?xml version="1.0" encoding="UTF-8"?><p:sld {namespaces}><p:cSld><p:spTree>{slides[i].ShapeTree}</p:spTree></p:cSld></p:sld>""";
            if (slides[i].Notes is { } notes)
            {
                parts[$"ppt/slides/_rels/slide{i + 1}.xml.rels"] = $"""<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{Ns}/package/2006/relationships"><Relationship Id="rIdN" Type="{Ns}/officeDocument/2006/relationships/notesSlide" Target="../notesSlides/notesSlide{i + 1}.xml"/></Relationships>""";
                parts[$"ppt/notesSlides/notesSlide{i + 1}.xml"] = $"""<?xml version="1.0" encoding="UTF-8"?><p:notes {namespaces}><p:cSld><p:spTree>{Shape(null, 0, 0, notes, "body")}</p:spTree></p:cSld></p:notes>""";
            }
        }

        return Create(parts);
    }

    /// <summary>A text shape at (x, y) with one paragraph per line of <paramref name="text"/>; a placeholder when <paramref name="placeholder"/> is set.</summary>
    public static string Shape(string? name, long x, long y, string text, string? placeholder = null) =>
        $"""<p:sp><p:nvSpPr><p:cNvPr id="{Math.Abs(HashCode.Combine(name, x, y)) % 10000 + 2}" name="{name ?? "s"}"/><p:cNvSpPr/><p:nvPr>{(placeholder is null ? "" : $"""<p:ph type="{placeholder}"/>""")}</p:nvPr></p:nvSpPr><p:spPr><a:xfrm><a:off x="{x}" y="{y}"/><a:ext cx="100" cy="100"/></a:xfrm></p:spPr><p:txBody><a:bodyPr/>{string.Concat(text.Split('\n').Select(l => $"<a:p><a:r><a:t>{System.Security.SecurityElement.Escape(l)}</a:t></a:r></a:p>"))}</p:txBody></p:sp>""";

    /// <summary>A table at (x, y) with the given rows (first row the header).</summary>
    public static string Table(long x, long y, params string[][] rows) =>
        $"""<p:graphicFrame><p:nvGraphicFramePr><p:cNvPr id="{x % 1000 + 5000}" name="t"/><p:cNvGraphicFramePr/><p:nvPr/></p:nvGraphicFramePr><p:xfrm><a:off x="{x}" y="{y}"/><a:ext cx="100" cy="100"/></p:xfrm><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/table"><a:tbl>{string.Concat(rows.Select(r => "<a:tr h=\"10\">" + string.Concat(r.Select(c => $"<a:tc><a:txBody><a:bodyPr/><a:p><a:r><a:t>{c}</a:t></a:r></a:p></a:txBody></a:tc>")) + "</a:tr>"))}</a:tbl></a:graphicData></a:graphic></p:graphicFrame>""";
}
