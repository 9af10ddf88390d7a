using System.CommandLine;
using Zhiku.Core;
using Zhiku.Core.Configuration;

namespace Zhiku.Cli.Commands;

/// <summary>`zhiku config show [--kb NAME]`: the effective configuration, secrets hidden.</summary>
internal static class ConfigCommand
{
    public static Command Create()
    {
        var command = new Command("config", "Show configuration / 查看配置");
        Option<string> kb = CliOptions.Kb();
        var show = new Command("show", "Print the effective configuration with secrets hidden / 显示生效配置（隐藏密钥）") { kb };
        show.SetAction(async (parseResult, cancellationToken) =>
        {
            ZhikuStore store = await StoreSession.OpenStoreAsync(parseResult, cancellationToken).ConfigureAwait(false);
            string name = parseResult.GetValue(kb) ?? ZhikuStore.DefaultKnowledgeBase;
            await StoreSession.EnsureKnowledgeBaseExistsAsync(store, name, cancellationToken).ConfigureAwait(false);
            ZhikuConfiguration configuration = store.Configuration.Current;
            Console.WriteLine(ConfigurationRenderer.RenderJson(configuration, name));
            return CliApp.Ok;
        });
        command.Subcommands.Add(show);
        return command;
    }
}
