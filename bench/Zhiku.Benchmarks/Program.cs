// Micro-benchmarks of the hot paths, each reported as a ratio against a baseline measured in the same run:
//   dotnet run -c Release --project bench/Zhiku.Benchmarks -- --filter '*' [--job short]
using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Zhiku.Benchmarks.AnalysisBenchmarks).Assembly).Run(args);
