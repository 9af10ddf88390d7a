// Answer-quality benchmark (issue: answers from any LLM). For each set: ingest the corpus, ask the first N questions
// through the same answering path as `zhiku ask`, and report AskHit, grounded share, citation precision and found rate.
// With ZHIKU_LLM_BASE_URL/ZHIKU_LLM_MODEL/ZHIKU_LLM_API_KEY set, the configured model answers; otherwise a loopback
// OpenAI-compatible test server that quotes the first source stands in, so the harness runs end to end offline.
//
//   dotnet run -c Release --project bench/Zhiku.AnswerBench -- [--sets cmrc2018,xquad_en] [--limit 200]
using System.Globalization;
using Zhiku.Core;
using Zhiku.Core.Answering;
using Zhiku.Core.Evaluation;
using Zhiku.TestSupport;

string sets = "cmrc2018,xquad_en";
int limit = 200;
for (int i = 0; i < args.Length - 1; i++)
{
    if (args[i] == "--sets")
    {
        sets = args[++i];
    }
    else if (args[i] == "--limit")
    {
        limit = int.Parse(args[++i], CultureInfo.InvariantCulture);
    }
}

string evalRoot = FindEval();
FakeOpenAIServer? server = null;
if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ZHIKU_LLM_BASE_URL")))
{
    server = await FakeOpenAIServer.StartAsync();
    server.Responder = FakeOpenAIServer.QuoteFirstSource;
    Environment.SetEnvironmentVariable("ZHIKU_LLM_BASE_URL", server.BaseUrl.ToString());
    Environment.SetEnvironmentVariable("ZHIKU_LLM_MODEL", "loopback-quote-first-source");
    Environment.SetEnvironmentVariable("ZHIKU_LLM_API_KEY", "none");
}

Console.WriteLine($"model: {Environment.GetEnvironmentVariable("ZHIKU_LLM_MODEL")} ({(server is null ? "configured" : "loopback test server")}), {limit} questions a set");
Console.WriteLine("| set | mode | AskHit | grounded share | citation precision | found rate | extractive AskHit |");
Console.WriteLine("|---|---|---|---|---|---|---|");
foreach (string set in sets.Split(',', StringSplitOptions.RemoveEmptyEntries))
{
    string folder = Path.Combine(evalRoot, set);
    string store = Path.Combine(Path.GetTempPath(), "zhiku-answerbench-" + Guid.NewGuid().ToString("N"));
    using KnowledgeBase kb = await ZhikuStore.Open(store).OpenKnowledgeBaseAsync("bench", create: true);
    using QuestionAnswerer answerer = await QuestionAnswerer.CreateAsync(kb.AnswerSource, "bench");
    EvalReport llm = await new EvalRunner(kb, null, (q, ct) => answerer.AskAsync(q, null, ct))
        .RunAsync(Path.Combine(folder, "corpus.jsonl"), Path.Combine(folder, "queries.jsonl"), Path.Combine(folder, "qrels.tsv"), limit);
    var queries = EvalSet.ReadQueries(Path.Combine(folder, "queries.jsonl"), Path.Combine(folder, "qrels.tsv")).Take(limit).ToList();
    int extractiveHits = 0;
    foreach (EvalQuery q in queries)
    {
        string text = (await kb.AskAsync(q.Text)).Text;
        extractiveHits += q.Answers.Any(a => text.Contains(a, StringComparison.Ordinal)) ? 1 : 0;
    }

    double extractiveHit = extractiveHits / (double)queries.Count;
    IReadOnlyDictionary<string, double> m = llm.Metrics;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {set} | llm | {m["askhit"]:F3} | {m["grounded_share"]:F3} | {m["citation_precision"]:F3} | {m["found_rate"]:F3} | {extractiveHit:F3} |"));
}

if (server is not null)
{
    await server.DisposeAsync();
}

static string FindEval()
{
    for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        string candidate = Path.Combine(dir.FullName, "..", "shared", "eval");
        if (File.Exists(Path.Combine(dir.FullName, "Zhiku.slnx")) && Directory.Exists(candidate))
        {
            return Path.GetFullPath(candidate);
        }
    }

    throw new InvalidOperationException("../shared/eval not found next to the repository");
}
