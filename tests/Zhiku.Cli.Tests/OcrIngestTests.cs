using System.Text.Json;
using Zhiku.TestSupport;

namespace Zhiku.Cli.Tests;

/// <summary>Scanned pages and photos through the CLI with the real OCR models: ingest, page provenance, answers.</summary>
public sealed class OcrIngestTests
{
    [Fact]
    public void A_scanned_pdf_is_ocrd_and_answers_with_its_page()
    {
        using var cli = new CliRunner();
        cli.Environment["ZHIKU_MODELS"] = Path.GetDirectoryName(OcrModels.Folder)!;
        string scan = Path.Combine(CliRunner.Samples, "扫描件-消防安全检查通知.pdf");

        CliResult ingest = cli.Run("ingest", scan);
        Assert.True(ingest.ExitCode == 0, ingest.ToString());
        Assert.Contains("1 ingested", ingest.Stdout);

        JsonElement document = cli.Run("docs", "list", "--json").Json().GetProperty("documents")[0];
        JsonElement pages = document.GetProperty("pages");
        Assert.Equal(2, pages.GetProperty("total").GetInt32());
        Assert.Equal(2, pages.GetProperty("ocr").GetInt32());
        Assert.Equal(0, pages.GetProperty("empty").GetInt32());

        CliResult show = cli.Run("docs", "show", document.GetProperty("doc_id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains("pages:  2 (2 OCR)", show.Stdout);
        Assert.Contains("page 1: ocr (quality", show.Stdout);

        JsonElement results = cli.Run("search", "消防演练 集合地点", "--json").Json().GetProperty("results");
        Assert.Contains("总部大楼东侧广场", results[0].GetProperty("text").GetString());
        Assert.Equal(1, results[0].GetProperty("page").GetInt32());
    }

    [Fact]
    public void Without_models_an_image_is_skipped_with_the_install_command()
    {
        using var cli = new CliRunner();
        cli.Environment["ZHIKU_MODELS"] = Path.Combine(cli.Store, "no-models");
        string photo = Path.Combine(CliRunner.Samples, "照片-停车场管理通知.png");

        CliResult ingest = cli.Run("ingest", photo);

        Assert.Contains("skipped", ingest.Stdout);
        Assert.Contains("zhiku models install ocr", ingest.Stdout);
        Assert.Contains("0 failed", ingest.Stdout);
    }
}
