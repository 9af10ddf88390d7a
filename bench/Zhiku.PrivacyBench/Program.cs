using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Zhiku.Core.Privacy;
using Zhiku.PrivacyBench;

// Usage: dotnet run -c Release --project bench/Zhiku.PrivacyBench -- [--docs N] [--seed S] [--out DIR] [--errors FILE]
//        dotnet run -c Release --project bench/Zhiku.PrivacyBench -- probe FILE   (print detections line by line)
//        dotnet run -c Release --project bench/Zhiku.PrivacyBench -- persons [--errors FILE]   (false PERSON per 10k chars, name recall/precision)
//        dotnet run -c Release --project bench/Zhiku.PrivacyBench -- write-corpus   (regenerate data/business-zh.txt)
if (args.Length > 0 && args[0] == "write-corpus")
{
    string path = Path.Combine(PersonBench.DataFolder(), "business-zh.txt");
    File.WriteAllText(path, BusinessCorpus.Generate(120_000, 20261201));
    Console.WriteLine($"wrote {path}");
    return;
}

if (args.Length > 0 && args[0] == "persons")
{
    PersonBench.Run(args.SkipWhile(a => a != "--errors").Skip(1).FirstOrDefault());
    return;
}

if (args.Length > 1 && args[0] == "timing")
{
    string text = File.ReadAllText(args[1])[..2000];
    var options = new PiiDetectorOptions();
    new PiiDetector().Detect(text);
    foreach (IPiiRecognizer recognizer in PiiDetector.BuiltInRecognizers(options))
    {
        var normalized = NormalizedText.Create(text);
        var sink = new List<PiiEntity>();
        for (int i = 0; i < 300; i++)
        {
            recognizer.Recognize(normalized, sink);
        }

        Thread.Sleep(300);
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < 100; i++)
        {
            sink.Clear();
            recognizer.Recognize(normalized, sink);
        }

        Console.WriteLine($"{recognizer.GetType().Name}: {clock.Elapsed.TotalMilliseconds / 100:F3} ms");
    }

    var clock2 = Stopwatch.StartNew();
    for (int i = 0; i < 100; i++)
    {
        NormalizedText.Create(text);
    }

    Console.WriteLine($"normalize: {clock2.Elapsed.TotalMilliseconds / 100:F3} ms");
    return;
}

if (args.Length > 1 && args[0] == "probe")
{
    var probe = new PiiDetector();
    foreach (string line in File.ReadAllLines(args[1]))
    {
        if (args.Contains("--words"))
        {
            Console.WriteLine(string.Join(" ", ChineseNameWords.Cut(line).Select(w => $"{line.AsSpan(w.Start, w.Length)}/{w.Tag}{(w.Tag is null ? "" : "#" + ChineseNameWords.EmbeddedCount(line.AsSpan(w.Start, w.Length)))}")));
        }

        foreach (PiiEntity e in probe.Detect(line))
        {
            Console.WriteLine($"{e.Type} {e.Score:F2} [{e.ValueIn(line)}]");
        }
    }

    return;
}

int docsPerTemplate = Option("--docs", 60);
int seed = Option("--seed", 20240601);
string outDir = OptionText("--out", Path.Combine("artifacts", "privacy-bench"));
string? errorsFile = args.SkipWhile(a => a != "--errors").Skip(1).FirstOrDefault();

var random = new Random(seed);
var values = new ValueFactory(random);
var train = new List<LabelledDocument>();
var test = new List<LabelledDocument>();
for (int t = 0; t < Templates.All.Length; t++)
{
    (string name, Templates.Template build) = Templates.All[t];
    for (int i = 0; i < docsPerTemplate; i++)
    {
        var builder = new DocumentBuilder(random, name);
        build(values, builder, random);
        (t % 2 == 0 ? train : test).Add(builder.Build());
    }
}

Directory.CreateDirectory(outDir);
WriteJsonl(Path.Combine(outDir, "train.jsonl"), train);
WriteJsonl(Path.Combine(outDir, "test.jsonl"), test);
Console.WriteLine($"Corpus: {train.Count} train / {test.Count} test documents, {test.Sum(d => d.Entities.Count)} labelled test entities, written to {outDir}");

var detector = new PiiDetector();
detector.Detect("预热 warm-up 13812345678"); // loads jieba's dictionaries outside the measurements
using (TextWriter? errors = errorsFile is null ? null : new StreamWriter(errorsFile))
{
    Console.WriteLine("\n## Test half (held-out templates)\n");
    Console.WriteLine(Evaluator.Evaluate(detector, test, errors));
}

Console.WriteLine("## Train half\n");
Console.WriteLine(Evaluator.Evaluate(detector, train));

// Throughput: desensitize one 2,000-character chunk of test documents, single thread.
string chunk = string.Concat(test.Select(d => d.Text)).Substring(0, 2000);
var desensitizer = new Desensitizer(detector);
// Warm up for two seconds so that tiered JIT has produced optimised code before measuring.
for (var warm = Stopwatch.StartNew(); warm.ElapsedMilliseconds < 2000;)
{
    desensitizer.Desensitize(chunk, new PseudonymSession("warm-up"));
}

Thread.Sleep(500);

const int iterations = 500;
var samples = new double[iterations];
for (int i = 0; i < iterations; i++)
{
    long start = Stopwatch.GetTimestamp();
    desensitizer.Desensitize(chunk, new PseudonymSession("bench"));
    samples[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
}

Array.Sort(samples);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"Desensitize 2,000 chars ({desensitizer.Desensitize(chunk, new PseudonymSession("count")).Spans.Count} entities): mean {samples.Average():F2} ms, median {samples[iterations / 2]:F2} ms, p95 {samples[(int)(iterations * 0.95)]:F2} ms"));

int Option(string name, int fallback) =>
    args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

string OptionText(string name, string fallback) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() ?? fallback;

static void WriteJsonl(string path, List<LabelledDocument> docs)
{
    var options = new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    File.WriteAllLines(path, docs.Select(d => JsonSerializer.Serialize(d, options)));
}
