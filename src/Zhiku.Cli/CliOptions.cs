using System.CommandLine;
using Zhiku.Core.Storage.Postgres;

namespace Zhiku.Cli;

/// <summary>Options shared by many commands, defined once so every command spells them the same.</summary>
internal static class CliOptions
{
    public static readonly Option<string?> Store = new("--store")
    {
        Description = "Store folder (default: $ZHIKU_HOME, else ~/.zhiku) / 存储目录",
        Recursive = true,
    };

    public static readonly Option<string?> Database = new("--database")
    {
        Description = "PostgreSQL as the system of record: a connection string (Host=…;Database=…;Username=…) or a postgresql:// URL " +
            "(default: $ZHIKU_DATABASE_URL, else the embedded store in the store folder) / 使用 PostgreSQL 作为数据存储",
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

    /// <summary>The system of record: --database, else ZHIKU_DATABASE_URL, else null (the embedded store). A value that is
    /// neither a connection string nor a postgresql:// URL is an error naming the option or variable, never the password.</summary>
    public static DatabaseUrl? ResolveDatabase(ParseResult parseResult)
    {
        string? database = parseResult.GetValue(Database);
        return database is not null ? DatabaseUrl.Parse(database, "--database") : DatabaseUrl.FromEnvironment();
    }

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
