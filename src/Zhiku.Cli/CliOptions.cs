using System.CommandLine;

namespace Zhiku.Cli;

/// <summary>Options shared by many commands, defined once so every command spells them the same.</summary>
internal static class CliOptions
{
    public static readonly Option<string?> Store = new("--store")
    {
        Description = "Store folder (default: $ZHIKU_HOME, else ~/.zhiku) / 存储目录",
        Recursive = true,
    };

    public static readonly Option<bool> Verbose = new("--verbose")
    {
        Description = "Show details (stack traces) on errors / 显示错误详情",
        Recursive = true,
    };

    public static Option<string> Kb() => new("--kb")
    {
        Description = "Knowledge base name / 知识库名称",
        DefaultValueFactory = _ => "default",
    };

    public static Option<bool> Json() => new("--json")
    {
        Description = "Print JSON / 输出 JSON",
    };

    /// <summary>The store folder: --store, else ZHIKU_HOME, else ~/.zhiku.</summary>
    public static string ResolveStore(ParseResult parseResult)
    {
        string? store = parseResult.GetValue(Store);
        if (!string.IsNullOrWhiteSpace(store))
        {
            return Path.GetFullPath(store);
        }

        string? home = Environment.GetEnvironmentVariable("ZHIKU_HOME");
        if (!string.IsNullOrWhiteSpace(home))
        {
            return Path.GetFullPath(home);
        }

        return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".zhiku");
    }
}
