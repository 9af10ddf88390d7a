using System.CommandLine;

namespace Zhiku.Cli.Commands;

/// <summary>Every top-level command, in help order. Each command lives in its own file with a static Create().</summary>
internal static class CommandCatalog
{
    public static IEnumerable<Command> All()
    {
        yield return IngestCommand.Create();
        yield return SearchCommand.Create();
        yield return AskCommand.Create();
        yield return ChatCommand.Create();
        yield return DocsCommand.Create();
        yield return KbCommand.Create();
        yield return StatsCommand.Create();
        yield return ReembedCommand.Create();
        yield return EvalCommand.Create();
        yield return ConfigCommand.Create();
        yield return ScanCommand.Create();
        yield return AuditCommand.Create();
        yield return ServeCommand.Create();
        yield return UserCommand.Create();
        yield return ModelsCommand.Create();
        yield return DbCommand.Create();
    }
}
