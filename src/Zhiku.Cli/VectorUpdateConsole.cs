using Spectre.Console;
using Zhiku.Core;
using Zhiku.Core.Indexing.Hybrid;

namespace Zhiku.Cli;

/// <summary>Runs a knowledge base's vector update with a progress bar on a terminal, a few plain lines otherwise.</summary>
internal static class VectorUpdateConsole
{
    public static async Task<VectorUpdateResult> RunAsync(KnowledgeBase kb, bool quiet, CancellationToken cancellationToken)
    {
        if (!kb.Vectors.Enabled)
        {
            return VectorUpdateResult.Disabled;
        }

        if (quiet || Console.IsOutputRedirected)
        {
            int lastTenth = -1;
            var progress = new InlineProgress<VectorUpdateProgress>(p =>
            {
                int tenth = p.Total == 0 ? 10 : p.Done * 10 / p.Total;
                if (!quiet && p.Total > 0 && tenth != lastTenth)
                {
                    lastTenth = tenth;
                    Console.WriteLine($"vectors {p.Done}/{p.Total} ({p.ModelId}, {p.Elapsed.TotalSeconds:F0}s) / 向量");
                }
            });
            return await kb.UpdateVectorsAsync(progress, cancellationToken).ConfigureAwait(false);
        }

        VectorUpdateResult? result = null;
        await AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(),
                new ElapsedTimeColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                ProgressTask task = context.AddTask("vectors", maxValue: 1);
                var progress = new InlineProgress<VectorUpdateProgress>(p =>
                {
                    task.MaxValue = Math.Max(1, p.Total);
                    task.Value = p.Done;
                    task.Description = $"vectors {p.Done}/{p.Total} ({Markup.Escape(p.ModelId)})";
                });
                result = await kb.UpdateVectorsAsync(progress, cancellationToken).ConfigureAwait(false);
                task.Value = task.MaxValue;
            }).ConfigureAwait(false);
        return result!;
    }

    /// <summary>One line about what the update did.</summary>
    public static string Describe(VectorUpdateResult r) => r == VectorUpdateResult.Disabled
        ? "vectors: off (embedding provider none) / 未启用向量"
        : $"vectors: {r.Embedded} embedded, {r.Skipped} skipped (not in the model's languages), {r.Removed} removed with {r.ModelId} in {r.Elapsed.TotalSeconds:F1}s" +
          (r.Replaced ? " (replaced the previous model's vectors)" : "") + " / 向量已更新";

    /// <summary>Progress&lt;T&gt; posts to the thread pool; this reports inline so lines keep their order.</summary>
    private sealed class InlineProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
