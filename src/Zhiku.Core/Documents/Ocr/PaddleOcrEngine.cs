using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using OpenCvSharp;

namespace Zhiku.Core.Documents.Ocr;

/// <summary>
/// PaddleOCR's PP-OCRv4 pipeline run by ONNX Runtime on the CPU: DB text detection (binarised probability map,
/// contours, minimum-area boxes, unclip), 0/180° line direction classification, and SVTR recognition decoded by
/// CTC over the model's character list. Images are decoded and the text lines cropped with OpenCV.
/// </summary>
/// <remarks>Thread-safe: ONNX Runtime sessions may be run concurrently; each call owns its images.</remarks>
public sealed class PaddleOcrEngine : IOcrEngine, IDisposable
{
    /// <summary>Default pixel cap: an image with more pixels is refused before it is decoded (decompression bombs).</summary>
    public const long DefaultMaxPixels = 64L * 1024 * 1024;

    // The longer side of the page as the detector sees it. 960 (PaddleOCR's default for photos) shrinks body text
    // on a 300-dpi A4 scan to ~14 px and loses whole lines with spaced Latin words; 1280 keeps them.
    private const int DetectionLimit = 1280;
    private const float BinaryThreshold = 0.3f;
    private const float BoxThreshold = 0.6f;
    private const float UnclipRatio = 1.5f;
    private const int MinBoxSide = 3;
    private const int MaxCandidates = 1000;
    private const int RecognitionHeight = 48;
    private const int RecognitionMinWidth = 320;
    private const int RecognitionBatch = 6;
    private const int RecognitionBatchColumns = 1280;
    private const int ClassifierWidth = 192;
    private const int ClassifierWindow = ClassifierWidth / RecognitionHeight;
    private const float ClassifierThreshold = 0.9f;
    private const float DropScore = 0.5f;
    private static readonly float[] DetectionMean = [0.485f, 0.456f, 0.406f];
    private static readonly float[] DetectionStd = [0.229f, 0.224f, 0.225f];

    private readonly InferenceSession _detector;
    private readonly InferenceSession _classifier;
    private readonly InferenceSession _recognizer;
    private readonly string[] _characters;
    private readonly long _maxPixels;
    private readonly int _workers;

    private PaddleOcrEngine(InferenceSession detector, InferenceSession classifier, InferenceSession recognizer, string[] characters, long maxPixels, int workers)
    {
        _workers = workers;
        _detector = detector;
        _classifier = classifier;
        _recognizer = recognizer;
        _characters = characters;
        _maxPixels = maxPixels;
    }

    /// <summary>Loads the three models and the character list from <paramref name="folder"/>.</summary>
    /// <param name="folder">A folder holding <see cref="OcrModelFiles.All"/>.</param>
    /// <param name="threads">Cores to use: the detector's intra-op threads and how many line batches are recognised at
    /// once; 0 uses the machine's cores.</param>
    /// <param name="maxPixels">Images with more pixels are refused.</param>
    /// <exception cref="OcrModelsException">A file is missing or not a model, or the OpenCV runtime cannot load.</exception>
    public static PaddleOcrEngine Load(string folder, int threads = 0, long maxPixels = DefaultMaxPixels)
    {
        if (!OcrModelFiles.IsComplete(folder))
        {
            throw new OcrModelsException($"the OCR models are not installed in {folder}: run `{OcrModelFiles.InstallCommand}` / 未安装 OCR 模型");
        }

        PixelCap.Apply(maxPixels);
        EnsureOpenCv();
        var workers = threads > 0 ? threads : Environment.ProcessorCount;
        // The detector runs once per page on all the cores; the classifier and the recogniser run one line batch
        // per core at once (RecognizeLines), each on one thread.
        using var detection = Options(workers);
        using var single = Options(1);
        var sessions = new List<InferenceSession>();
        try
        {
            sessions.Add(new InferenceSession(Path.Combine(folder, OcrModelFiles.Detection), detection));
            sessions.Add(new InferenceSession(Path.Combine(folder, OcrModelFiles.Classifier), single));
            sessions.Add(new InferenceSession(Path.Combine(folder, OcrModelFiles.Recognition), single));
        }
        catch (OnnxRuntimeException e)
        {
            sessions.ForEach(s => s.Dispose());
            throw new OcrModelsException($"an OCR model in {folder} cannot be loaded ({e.Message}): run `{OcrModelFiles.InstallCommand}` again / OCR 模型损坏", e);
        }

        // Index 0 is the CTC blank; the model's last class is the space character PaddleOCR appends.
        var keys = File.ReadAllLines(Path.Combine(folder, OcrModelFiles.Dictionary));
        string[] characters = ["", .. keys, " "];
        var classes = sessions[2].OutputMetadata.Values.First().Dimensions[^1];
        if (classes > 0 && classes != characters.Length)
        {
            sessions.ForEach(s => s.Dispose());
            throw new OcrModelsException($"{OcrModelFiles.Dictionary} has {keys.Length} characters but the recognition model has {classes - 2}: reinstall with `{OcrModelFiles.InstallCommand}`");
        }

        return new PaddleOcrEngine(sessions[0], sessions[1], sessions[2], characters, maxPixels, workers);
    }

    private static SessionOptions Options(int threads) => new()
    {
        IntraOpNumThreads = threads,
        InterOpNumThreads = 1,
        ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
        GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
    };

    /// <inheritdoc />
    public Task<OcrPage> RecognizeAsync(ReadOnlyMemory<byte> image, CancellationToken cancellationToken = default) =>
        Task.Run(() => Recognize(image.Span, cancellationToken), cancellationToken);

    private OcrPage Recognize(ReadOnlySpan<byte> encoded, CancellationToken cancellationToken)
    {
        using var image = Decode(encoded);
        var boxes = Detect(image);
        cancellationToken.ThrowIfCancellationRequested();
        var crops = new List<Mat>(boxes.Count);
        try
        {
            foreach (var box in boxes)
            {
                crops.Add(Crop(image, box));
            }

            Classify(crops);
            cancellationToken.ThrowIfCancellationRequested();
            var texts = RecognizeLines(crops, cancellationToken);
            var lines = new List<OcrLine>();
            for (var i = 0; i < boxes.Count; i++)
            {
                var (text, confidence) = texts[i];
                if (confidence < DropScore || string.IsNullOrWhiteSpace(text))
                {
                    continue;
                }

                // The box's own width and height around its centre: on a skewed page the axis-aligned extent of a
                // long line is much taller than the line, and would merge it with its neighbours.
                var b = boxes[i];
                var cx = b.Average(p => p.X);
                var cy = b.Average(p => p.Y);
                var w = (float)((Distance(b[0], b[1]) + Distance(b[3], b[2])) / 2);
                var h = (float)((Distance(b[0], b[3]) + Distance(b[1], b[2])) / 2);
                lines.Add(new OcrLine(text.Trim(), confidence, cx - (w / 2), cy - (h / 2), cx + (w / 2), cy + (h / 2)));
            }

            var layout = OcrLayout.Arrange(lines);
            return new OcrPage(layout.Lines, layout.Paragraphs, image.Width, image.Height);
        }
        finally
        {
            crops.ForEach(c => c.Dispose());
        }
    }

    private Mat Decode(ReadOnlySpan<byte> encoded)
    {
        Mat image;
        try
        {
            image = Cv2.ImDecode(encoded, ImreadModes.Color);
        }
        catch (OpenCVException e)
        {
            // OpenCV refuses images over OPENCV_IO_MAX_IMAGE_PIXELS from their header, before decoding pixels.
            throw new InvalidDataException($"the image cannot be decoded or has more than {_maxPixels:N0} pixels ({e.Message})", e);
        }

        if (image.Empty())
        {
            image.Dispose();
            throw new InvalidDataException("the image cannot be decoded (truncated, corrupt or not an image)");
        }

        if ((long)image.Width * image.Height > _maxPixels)
        {
            var size = $"{image.Width}×{image.Height}";
            image.Dispose();
            throw new InvalidDataException($"the image is {size} pixels, more than the cap of {_maxPixels:N0}");
        }

        return image;
    }

    /// <summary>Text line boxes, four corners each (top-left, top-right, bottom-right, bottom-left), in image pixels.</summary>
    private List<Point2f[]> Detect(Mat image)
    {
        var scale = Math.Min(1.0, DetectionLimit / (double)Math.Max(image.Width, image.Height));
        var width = Math.Max(32, (int)Math.Round(image.Width * scale / 32) * 32);
        var height = Math.Max(32, (int)Math.Round(image.Height * scale / 32) * 32);
        using var resized = new Mat();
        Cv2.Resize(image, resized, new Size(width, height));
        var input = new DenseTensor<float>([1, 3, height, width]);
        var pixels = Pixels(resized);
        var plane = width * height;
        var buffer = input.Buffer.Span;
        for (var i = 0; i < plane; i++)
        {
            for (var c = 0; c < 3; c++)
            {
                buffer[(c * plane) + i] = ((pixels[(i * 3) + c] / 255f) - DetectionMean[c]) / DetectionStd[c];
            }
        }

        float[] probabilities;
        using (var results = _detector.Run([NamedOnnxValue.CreateFromTensor(_detector.InputMetadata.Keys.First(), input)]))
        {
            probabilities = results[0].AsEnumerable<float>().ToArray();
        }

        using var map = Mat.FromPixelData(height, width, MatType.CV_32FC1, probabilities);
        using var binary = new Mat();
        Cv2.Threshold(map, binary, BinaryThreshold, 255, ThresholdTypes.Binary);
        using var mask = new Mat();
        binary.ConvertTo(mask, MatType.CV_8UC1);
        Cv2.FindContours(mask, out Point[][] contours, out _, RetrievalModes.List, ContourApproximationModes.ApproxSimple);
        var sx = image.Width / (float)width;
        var sy = image.Height / (float)height;
        var boxes = new List<Point2f[]>();
        foreach (var contour in contours.Take(MaxCandidates))
        {
            var rect = Cv2.MinAreaRect(contour);
            if (Math.Min(rect.Size.Width, rect.Size.Height) < MinBoxSide)
            {
                continue;
            }

            if (BoxScore(map, Order(rect.Points())) < BoxThreshold)
            {
                continue;
            }

            // Unclip: DB predicts shrunk text regions; offsetting a rectangle by d = area × ratio / perimeter grows
            // each side by d, which is what the polygon offset of the reference implementation does to a box.
            var w = rect.Size.Width;
            var h = rect.Size.Height;
            var d = w * h * UnclipRatio / (2 * (w + h));
            var grown = new RotatedRect(rect.Center, new Size2f(w + (2 * d), h + (2 * d)), rect.Angle);
            if (Math.Min(grown.Size.Width, grown.Size.Height) < MinBoxSide + 2)
            {
                continue;
            }

            var points = Order(grown.Points());
            for (var i = 0; i < 4; i++)
            {
                points[i] = new Point2f(
                    Math.Clamp(points[i].X * sx, 0, image.Width - 1),
                    Math.Clamp(points[i].Y * sy, 0, image.Height - 1));
            }

            if (Distance(points[0], points[1]) <= 3 || Distance(points[0], points[3]) <= 3)
            {
                continue;
            }

            boxes.Add(points);
        }

        return SortBoxes(boxes);
    }

    /// <summary>Mean probability inside the box: how sure the detector is that it is text.</summary>
    private static double BoxScore(Mat map, Point2f[] box)
    {
        var xmin = Math.Clamp((int)Math.Floor(box.Min(p => p.X)), 0, map.Width - 1);
        var xmax = Math.Clamp((int)Math.Ceiling(box.Max(p => p.X)), 0, map.Width - 1);
        var ymin = Math.Clamp((int)Math.Floor(box.Min(p => p.Y)), 0, map.Height - 1);
        var ymax = Math.Clamp((int)Math.Ceiling(box.Max(p => p.Y)), 0, map.Height - 1);
        using var mask = new Mat(ymax - ymin + 1, xmax - xmin + 1, MatType.CV_8UC1, Scalar.All(0));
        var polygon = box.Select(p => new Point((int)Math.Round(p.X - xmin), (int)Math.Round(p.Y - ymin))).ToArray();
        Cv2.FillPoly(mask, [polygon], Scalar.All(1));
        using var region = new Mat(map, new Rect(xmin, ymin, xmax - xmin + 1, ymax - ymin + 1));
        return Cv2.Mean(region, mask).Val0;
    }

    /// <summary>Corners as top-left, top-right, bottom-right, bottom-left.</summary>
    private static Point2f[] Order(Point2f[] points)
    {
        var byX = points.OrderBy(p => p.X).ToArray();
        var (tl, bl) = byX[0].Y <= byX[1].Y ? (byX[0], byX[1]) : (byX[1], byX[0]);
        var (tr, br) = byX[2].Y <= byX[3].Y ? (byX[2], byX[3]) : (byX[3], byX[2]);
        return [tl, tr, br, bl];
    }

    /// <summary>Top to bottom, left to right within a line (boxes whose tops are within 10 px).</summary>
    private static List<Point2f[]> SortBoxes(List<Point2f[]> boxes)
    {
        var sorted = boxes.OrderBy(b => b[0].Y).ThenBy(b => b[0].X).ToList();
        for (var i = 0; i < sorted.Count - 1; i++)
        {
            for (var j = i; j >= 0; j--)
            {
                if (Math.Abs(sorted[j + 1][0].Y - sorted[j][0].Y) < 10 && sorted[j + 1][0].X < sorted[j][0].X)
                {
                    (sorted[j], sorted[j + 1]) = (sorted[j + 1], sorted[j]);
                }
                else
                {
                    break;
                }
            }
        }

        return sorted;
    }

    /// <summary>The line straightened by a perspective warp; tall crops are turned to lie flat.</summary>
    private static Mat Crop(Mat image, Point2f[] box)
    {
        var width = (int)Math.Max(Distance(box[0], box[1]), Distance(box[3], box[2]));
        var height = (int)Math.Max(Distance(box[0], box[3]), Distance(box[1], box[2]));
        width = Math.Max(width, 1);
        height = Math.Max(height, 1);
        Point2f[] target = [new(0, 0), new(width, 0), new(width, height), new(0, height)];
        using var transform = Cv2.GetPerspectiveTransform(box, target);
        var crop = new Mat();
        Cv2.WarpPerspective(image, crop, transform, new Size(width, height), InterpolationFlags.Cubic, BorderTypes.Replicate);
        if (height >= 1.5 * width)
        {
            var turned = new Mat();
            Cv2.Rotate(crop, turned, RotateFlags.Rotate90Counterclockwise);
            crop.Dispose();
            return turned;
        }

        return crop;
    }

    /// <summary>Turns lines the classifier is sure are upside down.</summary>
    private void Classify(List<Mat> crops)
    {
        for (var start = 0; start < crops.Count; start += RecognitionBatch)
        {
            var count = Math.Min(RecognitionBatch, crops.Count - start);
            var input = new DenseTensor<float>([count, 3, RecognitionHeight, ClassifierWidth]);
            for (var n = 0; n < count; n++)
            {
                // The classifier was trained on 192×48 crops: a whole line squeezed into that is unreadable (on a
                // straight page it turned one line in twenty upside down), so it sees the line's first four heights.
                var crop = crops[start + n];
                if (crop.Width > ClassifierWindow * crop.Height)
                {
                    using var window = new Mat(crop, new Rect(0, 0, ClassifierWindow * crop.Height, crop.Height));
                    Fill(input, n, window, ClassifierWidth);
                }
                else
                {
                    Fill(input, n, crop, ClassifierWidth);
                }
            }

            using var results = _classifier.Run([NamedOnnxValue.CreateFromTensor(_classifier.InputMetadata.Keys.First(), input)]);
            var scores = results[0].AsTensor<float>();
            for (var n = 0; n < count; n++)
            {
                if (scores[n, 1] > scores[n, 0] && scores[n, 1] > ClassifierThreshold)
                {
                    Cv2.Rotate(crops[start + n], crops[start + n], RotateFlags.Rotate180);
                }
            }
        }
    }

    private List<(string Text, float Confidence)> RecognizeLines(List<Mat> crops, CancellationToken cancellationToken)
    {
        var results = new (string, float)[crops.Count];
        var batches = Batches(crops.Select(c => InputWidth(c, RecognitionMinWidth)).ToList());
        // One single-threaded run per batch, as many at once as there are workers: a line's run is too small to
        // spread over threads well (two intra-op threads on one line cost ~1.6x the CPU of one), while lines are
        // independent.
        Parallel.ForEach(
            Partitioner.Create(batches, EnumerablePartitionerOptions.NoBuffering),
            new ParallelOptions { MaxDegreeOfParallelism = _workers, CancellationToken = cancellationToken },
            batch =>
            {
                var width = batch.Max(i => InputWidth(crops[i], RecognitionMinWidth));
                var input = new DenseTensor<float>([batch.Length, 3, RecognitionHeight, width]);
                for (var n = 0; n < batch.Length; n++)
                {
                    Fill(input, n, crops[batch[n]], width);
                }

                using var output = _recognizer.Run([NamedOnnxValue.CreateFromTensor(_recognizer.InputMetadata.Keys.First(), input)]);
                var probabilities = output[0].AsTensor<float>();
                var steps = probabilities.Dimensions[1];
                var classes = probabilities.Dimensions[2];
                var values = probabilities is DenseTensor<float> dense ? dense.Buffer : probabilities.ToArray();
                for (var n = 0; n < batch.Length; n++)
                {
                    results[batch[n]] = Decode(values.Span.Slice(n * steps * classes, steps * classes), classes);
                }
            });

        return [.. results];
    }

    /// <summary>The width a line is resized to at the model height, keeping its aspect, at least
    /// <paramref name="minWidth"/>.</summary>
    private static int InputWidth(Mat crop, int minWidth) =>
        Math.Max(minWidth, (int)Math.Ceiling(RecognitionHeight * crop.Width / (double)crop.Height));

    /// <summary>
    /// Lines grouped into model runs, longest first: lines of similar width share a run (little padding) up to
    /// <see cref="RecognitionBatchColumns"/> columns in all. A run's cost per column grows with its size (cache):
    /// one 960-column line costs ~82 CPU-ms per 1,000 columns, six 2,560-column lines ~131.
    /// </summary>
    private static List<int[]> Batches(List<int> widths)
    {
        var order = Enumerable.Range(0, widths.Count).OrderByDescending(i => widths[i]).ToArray();
        var batches = new List<int[]>();
        var start = 0;
        while (start < order.Length)
        {
            var width = widths[order[start]];
            var count = 1;
            while (start + count < order.Length && count < RecognitionBatch && (count + 1) * width <= RecognitionBatchColumns)
            {
                count++;
            }

            batches.Add(order[start..(start + count)]);
            start += count;
        }

        return batches;
    }

    /// <summary>Greedy CTC over one line's [steps × classes] scores: the best class per step, repeats merged,
    /// blanks dropped.</summary>
    private (string Text, float Confidence) Decode(ReadOnlySpan<float> probabilities, int classes)
    {
        var text = new System.Text.StringBuilder();
        double sum = 0;
        var kept = 0;
        var previous = -1;
        for (var t = 0; t < probabilities.Length / classes; t++)
        {
            var step = probabilities.Slice(t * classes, classes);
            var best = System.Numerics.Tensors.TensorPrimitives.IndexOfMax(step);
            var bestScore = step[best];
            if (best != 0 && best != previous && best < _characters.Length)
            {
                text.Append(_characters[best]);
                sum += bestScore;
                kept++;
            }

            previous = best;
        }

        return (text.ToString(), kept == 0 ? 0 : (float)(sum / kept));
    }

    /// <summary>Resizes a line to the model height keeping its aspect (at most <paramref name="width"/>), scales to
    /// [-1, 1] and writes it into batch slot <paramref name="n"/>; the rest of the row stays zero padding.</summary>
    private static void Fill(DenseTensor<float> input, int n, Mat crop, int width)
    {
        var ratio = crop.Width / (double)crop.Height;
        var resizedWidth = Math.Clamp((int)Math.Ceiling(RecognitionHeight * ratio), 1, width);
        using var resized = new Mat();
        Cv2.Resize(crop, resized, new Size(resizedWidth, RecognitionHeight));
        var pixels = Pixels(resized);
        var buffer = input.Buffer.Span;
        var plane = RecognitionHeight * width;
        var offset = n * 3 * plane;
        for (var y = 0; y < RecognitionHeight; y++)
        {
            for (var x = 0; x < resizedWidth; x++)
            {
                var source = ((y * resizedWidth) + x) * 3;
                for (var c = 0; c < 3; c++)
                {
                    buffer[offset + (c * plane) + (y * width) + x] = (pixels[source + c] / 127.5f) - 1f;
                }
            }
        }
    }

    /// <summary>The BGR bytes of a continuous 8-bit 3-channel image.</summary>
    private static byte[] Pixels(Mat image)
    {
        var bytes = new byte[image.Width * image.Height * 3];
        if (image.IsContinuous())
        {
            Marshal.Copy(image.Data, bytes, 0, bytes.Length);
            return bytes;
        }

        using var continuous = image.Clone();
        Marshal.Copy(continuous.Data, bytes, 0, bytes.Length);
        return bytes;
    }

    private static double Distance(Point2f a, Point2f b) => Math.Sqrt(((a.X - b.X) * (a.X - b.X)) + ((a.Y - b.Y) * (a.Y - b.Y)));

    private static void EnsureOpenCv()
    {
        try
        {
            using var probe = new Mat(1, 1, MatType.CV_8UC1);
        }
        catch (TypeInitializationException e)
        {
            throw new OcrModelsException(
                "the OpenCV runtime for OCR cannot load (on Debian/Ubuntu: apt-get install libgtk-3-0) / OCR 所需的 OpenCV 运行库无法加载", e);
        }
        catch (DllNotFoundException e)
        {
            throw new OcrModelsException(
                "the OpenCV runtime for OCR cannot load (on Debian/Ubuntu: apt-get install libgtk-3-0) / OCR 所需的 OpenCV 运行库无法加载", e);
        }
    }

    public void Dispose()
    {
        _detector.Dispose();
        _classifier.Dispose();
        _recognizer.Dispose();
    }
}
