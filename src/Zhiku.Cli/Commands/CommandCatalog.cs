using System.CommandLine;

namespace Zhiku.Cli.Commands;

/// <summary>Every top-level command, in help order. Each command lives in its own file with a static Create().</summary>
internal static class CommandCatalog
{
    public static IEnumerable<Command> All()
    {
        yield return ScanCommand.Create();
    }
}
