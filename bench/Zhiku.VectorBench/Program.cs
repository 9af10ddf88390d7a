// Exact vs HNSW vector search on this machine: latency (p50/p95, k=10, one query at a time), HNSW build time,
// recall@10 against exact, memory. Prints a Markdown table for docs/benchmarks.md ("Vectors").
// Usage: dotnet run -c Release --project bench/Zhiku.VectorBench -- [sizes=1000,5000,...] [dims=384] [queries=200]
//        dotnet run -c Release --project bench/Zhiku.VectorBench -- dense-eval ../shared/eval/covidqa [more sets...]
using System.Diagnostics;
using System.Numerics.Tensors;
using Zhiku.Bench;
using Zhiku.Core.Indexing.Vectors;

if (args.Length > 0 && args[0] == "dense-eval")
{
    await DenseEval.RunAsync(args[1..]);
    return;
}

int[] sizes = args.Length > 0 ? [.. args[0].Split(',').Select(int.Parse)] : [1_000, 5_000, 10_000, 20_000, 50_000, 100_000, 200_000];
int dims = args.Length > 1 ? int.Parse(args[1]) : 384;
int queryCount = args.Length > 2 ? int.Parse(args[2]) : 200;
var space = new VectorSpace("bench:synthetic", dims);

Console.WriteLine($"cores={Environment.ProcessorCount} dims={dims} queries={queryCount} k=10 " +
                  $"hnsw: M={VectorIndexOptions.Default.Connectivity} efConstruction={VectorIndexOptions.Default.ExpansionAdd} ef={VectorIndexOptions.Default.ExpansionSearch}");
using (var probe = new Cloud.Unum.USearch.USearchIndex(Cloud.Unum.USearch.MetricKind.Cos, Cloud.Unum.USearch.ScalarKind.Float32, (ulong)dims))
{
    Console.WriteLine($"usearch {Cloud.Unum.USearch.USearchCapabilities.Version()} simd={probe.HardwareAcceleration()}");
}

Console.WriteLine();
Console.WriteLine("| data | vectors | exact p50 ms | exact p95 ms | HNSW build s | HNSW p50 ms | HNSW p95 ms | HNSW recall@10 | HNSW MB |");
Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
foreach (string kind in new[] { "clustered", "uniform" })
{
    foreach (int n in sizes)
    {
        var random = new Random(n);
        var centroids = Enumerable.Range(0, Math.Max(1, n / 50)).Select(_ => RandomUnit(random, dims)).ToArray();
        float[] Make() => kind == "uniform" ? RandomUnit(random, dims) : Near(random, centroids[random.Next(centroids.Length)], dims);
        var ids = Enumerable.Range(0, n).Select(i => (long)i).ToArray();
        var vectors = ids.Select(_ => (ReadOnlyMemory<float>)Make()).ToArray();
        var queries = Enumerable.Range(0, queryCount).Select(_ => Make()).ToArray();

        using var exact = new ExactVectorIndex(space, n);
        exact.Upsert(ids, vectors);
        var truth = queries.Select(q => exact.Search(q, 10).Select(h => h.ChunkId).ToHashSet()).ToArray();
        var exactTimes = Time(queries, q => exact.Search(q, 10));

        using var hnsw = new HnswVectorIndex(space);
        var build = Stopwatch.StartNew();
        hnsw.Upsert(ids, vectors);
        build.Stop();
        var hnswTimes = Time(queries, q => hnsw.Search(q, 10));
        double recall = queries.Select((q, i) => hnsw.Search(q, 10).Count(h => truth[i].Contains(h.ChunkId))).Sum() / (10.0 * queryCount);

        Console.WriteLine($"| {kind} | {n:N0} | {P(exactTimes, 50):F2} | {P(exactTimes, 95):F2} | {build.Elapsed.TotalSeconds:F1} | " +
                          $"{P(hnswTimes, 50):F2} | {P(hnswTimes, 95):F2} | {recall:F3} | {hnsw.MemoryBytes / 1048576.0:F0} |");
    }
}

static double[] Time(float[][] queries, Action<float[]> search)
{
    foreach (var q in queries.Take(20))
    {
        search(q); // warm up (JIT, caches)
    }

    var times = new double[queries.Length];
    for (int i = 0; i < queries.Length; i++)
    {
        long start = Stopwatch.GetTimestamp();
        search(queries[i]);
        times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }

    Array.Sort(times);
    return times;
}

static double P(double[] sorted, int percentile) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(percentile / 100.0 * sorted.Length) - 1)];

static float[] RandomUnit(Random random, int dims)
{
    var v = new float[dims];
    for (int d = 0; d < dims; d++)
    {
        // Box-Muller: Gaussian components give directions uniform on the sphere.
        v[d] = (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
    }

    TensorPrimitives.Divide(v, TensorPrimitives.Norm(v), v);
    return v;
}

// A point about 45 degrees from its cluster centre: neighbours inside a cluster have cosine around 0.5, like
// passages on one topic under a sentence-embedding model.
static float[] Near(Random random, float[] centroid, int dims)
{
    var v = RandomUnit(random, dims);
    TensorPrimitives.Add(v, centroid, v);
    TensorPrimitives.Divide(v, TensorPrimitives.Norm(v), v);
    return v;
}
