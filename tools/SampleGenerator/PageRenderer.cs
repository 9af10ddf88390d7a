using SkiaSharp;

namespace Zhiku.SampleGenerator;

/// <summary>How a rendered page looks: type, resolution and the defects of a scan or a phone photo.</summary>
/// <param name="FontPath">A CJK font file (.ttf, .otf or .ttc).</param>
/// <param name="FontIndex">The face inside a collection.</param>
/// <param name="Dpi">Resolution; an A4 page is 8.27 × 11.69 inches.</param>
/// <param name="PointSize">Body type size in points.</param>
/// <param name="RotationDegrees">Skew of the whole page.</param>
/// <param name="Noise">Standard deviation of grey-level noise, 0 for none.</param>
/// <param name="Blur">Gaussian blur sigma in pixels, 0 for none.</param>
/// <param name="Seed">Seed for the noise.</param>
public sealed record PageStyle(
    string FontPath,
    int FontIndex = 0,
    int Dpi = 300,
    float PointSize = 12,
    float RotationDegrees = 0,
    float Noise = 0,
    float Blur = 0,
    int Seed = 1);

/// <summary>
/// Renders text as a page image the way a scanner or a phone would see a printed page: wrapped lines on white,
/// optionally skewed, blurred and noisy. Used for the scanned samples and the OCR benchmark, so the true text of
/// every image is known.
/// </summary>
public static class PageRenderer
{
    /// <summary>Renders a title and paragraphs onto one A4 page; text that does not fit is cut off at the bottom
    /// and returned, so callers can continue on the next page.</summary>
    /// <returns>The page as an 8-bit grey bitmap (caller disposes) and the paragraphs that did not fit.</returns>
    public static (SKBitmap Page, IReadOnlyList<string> Overflow) Render(string? title, IReadOnlyList<string> paragraphs, PageStyle style)
    {
        var width = (int)(8.27 * style.Dpi);
        var height = (int)(11.69 * style.Dpi);
        var pixelsPerPoint = style.Dpi / 72f;
        using var typeface = SKTypeface.FromFile(style.FontPath, style.FontIndex)
            ?? throw new FileNotFoundException($"cannot load font {style.FontPath}", style.FontPath);
        using var body = new SKFont(typeface, style.PointSize * pixelsPerPoint);
        using var heading = new SKFont(typeface, style.PointSize * 1.5f * pixelsPerPoint) { Embolden = true };
        using var ink = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        var margin = style.Dpi * 0.9f;
        var lineWidth = width - (2 * margin);
        using var surface = new SKBitmap(width, height, SKColorType.Rgba8888, SKAlphaType.Premul);
        using (var canvas = new SKCanvas(surface))
        {
            canvas.Clear(SKColors.White);
            var y = margin;
            if (!string.IsNullOrEmpty(title))
            {
                y += heading.Size;
                var titleWidth = heading.MeasureText(title);
                canvas.DrawText(title, (width - titleWidth) / 2, y, SKTextAlign.Left, heading, ink);
                y += heading.Size;
            }

            var rest = new List<string>();
            for (var p = 0; p < paragraphs.Count; p++)
            {
                var lines = Wrap(paragraphs[p], body, lineWidth);
                if (y + (lines.Count * body.Size * 1.5f) > height - margin)
                {
                    rest.AddRange(paragraphs.Skip(p));
                    break;
                }

                foreach (var line in lines)
                {
                    y += body.Size * 1.5f;
                    canvas.DrawText(line, margin, y, SKTextAlign.Left, body, ink);
                }

                y += body.Size * 0.6f;
            }

            var page = Degrade(surface, style);
            return (page, rest);
        }
    }

    /// <summary>Encodes a bitmap as PNG or JPEG.</summary>
    public static byte[] Encode(SKBitmap bitmap, SKEncodedImageFormat format, int quality = 85)
    {
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(format, quality);
        return data.ToArray();
    }

    /// <summary>Breaks a paragraph into lines that fit: CJK text anywhere, Latin text at spaces.</summary>
    public static List<string> Wrap(string paragraph, SKFont font, float width)
    {
        var lines = new List<string>();
        var current = new System.Text.StringBuilder();
        var tokens = Tokens(paragraph);
        foreach (var token in tokens)
        {
            if (current.Length > 0 && font.MeasureText(current + token) > width)
            {
                lines.Add(current.ToString().TrimEnd());
                current.Clear();
                if (token == " ")
                {
                    continue;
                }
            }

            current.Append(token);
        }

        if (current.Length > 0)
        {
            lines.Add(current.ToString().TrimEnd());
        }

        return lines;
    }

    private static IEnumerable<string> Tokens(string text)
    {
        var word = new System.Text.StringBuilder();
        foreach (var c in text)
        {
            if (c < 0x2E80 && !char.IsWhiteSpace(c))
            {
                word.Append(c);
                continue;
            }

            if (word.Length > 0)
            {
                yield return word.ToString();
                word.Clear();
            }

            yield return char.IsWhiteSpace(c) ? " " : c.ToString();
        }

        if (word.Length > 0)
        {
            yield return word.ToString();
        }
    }

    private static SKBitmap Degrade(SKBitmap page, PageStyle style)
    {
        var result = new SKBitmap(page.Width, page.Height, SKColorType.Gray8, SKAlphaType.Opaque);
        using (var canvas = new SKCanvas(result))
        {
            canvas.Clear(SKColors.White);
            using var paint = new SKPaint { IsAntialias = true };
            if (style.Blur > 0)
            {
                paint.ImageFilter = SKImageFilter.CreateBlur(style.Blur, style.Blur);
            }

            canvas.Translate(page.Width / 2f, page.Height / 2f);
            canvas.RotateDegrees(style.RotationDegrees);
            canvas.Translate(-page.Width / 2f, -page.Height / 2f);
            using var image = SKImage.FromBitmap(page);
            canvas.DrawImage(image, 0, 0, new SKSamplingOptions(SKFilterMode.Linear), paint);
        }

        if (style.Noise > 0)
        {
            var random = new Random(style.Seed);
            var pixels = result.GetPixelSpan();
            var buffer = pixels.ToArray();
            for (var i = 0; i < buffer.Length; i++)
            {
                // Box-Muller: Gaussian grain like a scanner's sensor noise.
                var u = 1.0 - random.NextDouble();
                var v = random.NextDouble();
                var n = Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * v) * style.Noise;
                buffer[i] = (byte)Math.Clamp(buffer[i] + n, 0, 255);
            }

            System.Runtime.InteropServices.Marshal.Copy(buffer, 0, result.GetPixels(), buffer.Length);
        }

        return result;
    }
}
