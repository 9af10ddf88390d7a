using System.CommandLine;
using Zhiku.Core;

namespace Zhiku.Cli;

/// <summary>Opens the store a command names (--store, $ZHIKU_HOME, ~/.zhiku) and the knowledge base (--kb).</summary>
internal static class StoreSession
{
    public static ZhikuStore OpenStore(ParseResult parseResult) => ZhikuStore.Open(CliOptions.ResolveStore(parseResult));

    public static KnowledgeBase OpenKnowledgeBase(ParseResult parseResult, Option<string> kbOption, bool create = false) =>
        OpenStore(parseResult).OpenKnowledgeBase(parseResult.GetValue(kbOption) ?? ZhikuStore.DefaultKnowledgeBase, create);
}
