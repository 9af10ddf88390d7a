using System.Globalization;
using Zhiku.Core.Privacy;

namespace Zhiku.PrivacyBench;

/// <summary>PERSON quality: false findings per 10,000 characters of name-free business text
/// (data/business-zh.txt), and recall and precision on labelled sentences with names (<see cref="NameCorpus"/>).</summary>
internal static class PersonBench
{
    public static string DataFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "bench", "Zhiku.PrivacyBench", "data");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("bench/Zhiku.PrivacyBench/data not found: run from inside the Zhiku repository.");
    }

    public static void Run(string? errorsFile)
    {
        var detector = new PiiDetector();
        using TextWriter? errors = errorsFile is null ? null : new StreamWriter(errorsFile);
        string corpus = File.ReadAllText(Path.Combine(DataFolder(), "business-zh.txt"));
        int chars = 0;
        int falsePersons = 0;
        foreach (string line in corpus.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            chars += line.Length;
            foreach (PiiEntity e in detector.Detect(line))
            {
                if (e.Type == PiiTypes.Person)
                {
                    falsePersons++;
                    errors?.WriteLine($"FP PERSON [{e.ValueIn(line)}] …{line[Math.Max(0, e.Start - 12)..Math.Min(line.Length, e.End + 12)]}…");
                }
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Business text without names: {chars:N0} characters, {falsePersons} PERSON findings = {falsePersons * 10_000.0 / chars:F2} per 10,000 characters\n"));
        List<LabelledDocument> named = NameCorpus.Generate(800, 20261202);
        Console.WriteLine($"Labelled sentences with names: {named.Count} documents, {named.Sum(d => d.Entities.Count)} names, {named.Sum(d => d.Text.Length):N0} characters\n");
        Console.WriteLine(Evaluator.Evaluate(detector, named, errors));
    }
}
