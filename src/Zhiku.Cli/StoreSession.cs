using System.CommandLine;
using Zhiku.Core;

namespace Zhiku.Cli;

/// <summary>Opens the store a command names (--store, $ZHIKU_HOME, ~/.zhiku) and the knowledge base (--kb). A --kb
/// that does not exist is an error on every command (a typo must not create a new cloud knowledge base); only
/// `default` is created on first use. Knowledge bases are created by `zhiku kb create NAME --policy …`.</summary>
internal static class StoreSession
{
    public static ZhikuStore OpenStore(ParseResult parseResult) => ZhikuStore.Open(CliOptions.ResolveStore(parseResult));

    public static KnowledgeBase OpenKnowledgeBase(ParseResult parseResult, Option<string> kbOption) =>
        OpenStore(parseResult).OpenKnowledgeBase(parseResult.GetValue(kbOption) ?? ZhikuStore.DefaultKnowledgeBase);
}
