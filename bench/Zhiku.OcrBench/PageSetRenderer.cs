using System.Text.Json;
using SkiaSharp;
using Zhiku.SampleGenerator;

namespace Zhiku.OcrBench;

/// <summary>
/// Renders real passages from the shared eval sets (Chinese and English) as A4 page images in several CJK fonts,
/// sizes and conditions, with the exact text beside each page. "clean": 300 dpi, straight, no noise. "noisy":
/// 200 dpi, turned up to ±1.5°, blurred, grainy, saved as JPEG inside an image-only PDF or as PNG.
/// </summary>
internal static class PageSetRenderer
{
    private static readonly (string Path, int Index)[] Fonts =
    [
        ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),
        ("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc", 2),
        ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
        ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
    ];

    private static readonly float[] Sizes = [10.5f, 12f, 14f];

    public static int Run(string[] args)
    {
        var output = Arguments.Get(args, "--out") ?? "ocr-pages";
        var eval = Arguments.Get(args, "--eval") ?? Arguments.FindRepoFolder("../shared/eval");
        var count = int.Parse(Arguments.Get(args, "--pages") ?? "24", System.Globalization.CultureInfo.InvariantCulture);
        var missing = Fonts.Where(f => !File.Exists(f.Path)).Select(f => f.Path).ToList();
        if (missing.Count > 0)
        {
            Console.Error.WriteLine($"fonts missing: {string.Join(", ", missing)}; apt-get install fonts-noto-cjk fonts-wqy-zenhei fonts-wqy-microhei");
            return 1;
        }

        var chinese = Passages(Path.Combine(eval, "cmrc2018", "corpus.jsonl")).Concat(Passages(Path.Combine(eval, "xquad_zh", "corpus.jsonl"))).ToList();
        var english = Passages(Path.Combine(eval, "xquad_en", "corpus.jsonl")).ToList();
        Directory.CreateDirectory(output);
        var random = new Random(20261201);
        for (var i = 0; i < count; i++)
        {
            var noisy = i % 2 == 1;
            var isEnglish = i % 6 == 5;
            var pool = isEnglish ? english : chinese;
            var font = Fonts[(i / 2) % Fonts.Length];
            var style = new PageStyle(
                font.Path,
                font.Index,
                Dpi: noisy ? 200 : 300,
                PointSize: Sizes[i % Sizes.Length],
                RotationDegrees: noisy ? (float)((random.NextDouble() * 3) - 1.5) : 0,
                Noise: noisy ? 12 : 0,
                Blur: noisy ? 0.8f : 0,
                Seed: i);
            var picked = new List<string>();
            var characters = 0;
            while (characters < 700)
            {
                var passage = pool[random.Next(pool.Count)];
                var text = passage.Length > 400 ? passage[..400] : passage;
                picked.Add(text);
                characters += text.Length;
            }

            var (page, overflow) = PageRenderer.Render(null, picked, style);
            var shown = picked.Take(picked.Count - overflow.Count).ToList();
            var name = $"{i:D3}-{(noisy ? "noisy" : "clean")}-{(isEnglish ? "en" : "zh")}";
            using (page)
            {
                if (noisy && i % 4 == 3)
                {
                    File.WriteAllBytes(Path.Combine(output, name + ".pdf"), ImagePdfWriter.FromJpegs([PageRenderer.Encode(page, SKEncodedImageFormat.Jpeg, 80)]));
                }
                else
                {
                    File.WriteAllBytes(Path.Combine(output, name + ".png"), PageRenderer.Encode(page, SKEncodedImageFormat.Png));
                }
            }

            File.WriteAllText(Path.Combine(output, name + ".txt"), string.Join("\n", shown));
            Console.WriteLine($"{name}: {Path.GetFileName(font.Path)} {style.PointSize}pt {style.Dpi} dpi, {shown.Sum(s => s.Length)} characters");
        }

        return 0;
    }

    private static IEnumerable<string> Passages(string corpus)
    {
        foreach (var line in File.ReadLines(corpus))
        {
            using var json = JsonDocument.Parse(line);
            var text = json.RootElement.GetProperty("text").GetString();
            if (!string.IsNullOrWhiteSpace(text))
            {
                yield return text.ReplaceLineEndings(" ").Trim();
            }
        }
    }
}
