using System.CommandLine;
using Zhiku.Core;
using Zhiku.Core.Indexing.Hybrid;

namespace Zhiku.Cli.Commands;

/// <summary>
/// `zhiku reembed [--kb NAME] [--json]`: computes the vectors a knowledge base lacks for its configured embedding
/// model (all of them after a model change) from the stored chunk text, without re-parsing documents. Resumable.
/// </summary>
internal static class ReembedCommand
{
    public static Command Create()
    {
        Option<string> kb = CliOptions.Kb();
        Option<bool> json = CliOptions.Json();
        var command = new Command("reembed", "Compute missing vectors, e.g. after changing the embedding model / 重新生成向量") { kb, json };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using KnowledgeBase knowledgeBase = await StoreSession.OpenKnowledgeBaseAsync(parseResult, kb, cancellationToken).ConfigureAwait(false);
            bool asJson = parseResult.GetValue(json);
            VectorUpdateResult result = await VectorUpdateConsole.RunAsync(knowledgeBase, asJson, cancellationToken).ConfigureAwait(false);
            DenseStatus status = await knowledgeBase.Vectors.GetStatusAsync(cancellationToken).ConfigureAwait(false);
            if (asJson)
            {
                CliJson.Print(new
                {
                    kb = knowledgeBase.Info.Name,
                    model = result.ModelId,
                    embedded = result.Embedded,
                    removed = result.Removed,
                    replaced = result.Replaced,
                    seconds = Math.Round(result.Elapsed.TotalSeconds, 2),
                    dense = status.State.ToString().ToLowerInvariant(),
                });
            }
            else
            {
                Console.WriteLine(VectorUpdateConsole.Describe(result));
                Console.WriteLine(status.Describe());
            }

            return CliApp.Ok;
        });
        return command;
    }
}
