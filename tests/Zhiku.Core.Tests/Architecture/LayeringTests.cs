using System.Reflection;

namespace Zhiku.Core.Tests.Architecture;

/// <summary>
/// Core flows one way: Documents → Chunking → Storage → Indexing → Retrieval → Answering, Text used by all, Privacy and
/// Security beside, and no Core type naming a host. The table is the one in docs/architecture.md ("Allowed
/// dependencies"); an area not listed there, or any reference the table does not allow, fails the test: there are no
/// exceptions.
/// </summary>
public sealed class LayeringTests
{
    private const string Root = "(root)";

    /// <summary>For each area, the areas its types may reference (besides itself and Text).</summary>
    internal static readonly IReadOnlyDictionary<string, string[]> Allowed = new Dictionary<string, string[]>
    {
        ["Text"] = [],
        ["Security"] = [],
        ["Http"] = [],
        ["Documents"] = [],
        ["Chunking"] = ["Documents"],
        ["Access"] = [],
        ["Chat"] = ["Access"],
        ["Jobs"] = [],
        ["Privacy"] = ["Documents", "Security", "Access", "Storage"],
        ["Storage"] = ["Documents", "Chunking", "Security", "Access", "Chat", "Jobs"],
        ["Indexing"] = ["Http", "Documents", "Chunking", "Storage", "Security", "Access"],
        ["Retrieval"] = ["Documents", "Chunking", "Storage", "Indexing", "Security", "Access"],
        ["Answering"] = ["Http", "Documents", "Chunking", "Storage", "Indexing", "Retrieval", "Privacy", "Security", "Access", "Chat", "Configuration"],
        ["Configuration"] = ["Storage", "Indexing", "Retrieval", "Privacy", "Security", "Access"],
        ["Ingestion"] = ["Documents", "Chunking", "Storage", "Indexing", "Retrieval", "Privacy", "Security", "Access", "Jobs", "Configuration", Root],
        ["Evaluation"] = ["Documents", "Chunking", "Storage", "Indexing", "Retrieval", "Answering", "Privacy", "Security", "Access", "Ingestion", "Configuration", Root],
        [Root] = ["Documents", "Chunking", "Storage", "Indexing", "Retrieval", "Answering", "Privacy", "Security", "Access", "Chat", "Jobs", "Ingestion", "Configuration", "Evaluation"],
    };

    /// <summary>The Core error type (and its kind) every area may throw: the one failure contract Core reports to hosts.</summary>
    private static readonly HashSet<string> SharedErrorTypes = new(StringComparer.Ordinal) { "Zhiku.Core.ZhikuException", "Zhiku.Core.ErrorKind" };

    private static readonly Lazy<IReadOnlyList<TypeReferenceScanner.Reference>> References =
        new(() => TypeReferenceScanner.Scan(typeof(KnowledgeBase).Assembly.Location));

    [Fact]
    public void Core_areas_reference_only_what_the_table_allows()
    {
        var unexpected = new List<string>();
        foreach (var group in Violations().GroupBy(v => (v.From, v.To)).OrderBy(g => g.Key.From).ThenBy(g => g.Key.To))
        {
            unexpected.Add($"{group.Key.From} → {group.Key.To}: " + string.Join(", ",
                group.Select(v => $"{v.Reference.SourceType} uses {v.Reference.TargetType}").Distinct().Order().Take(6)));
        }

        Assert.True(unexpected.Count == 0, "Core references across the allowed table (docs/architecture.md, \"Allowed dependencies\"):\n"
            + string.Join("\n", unexpected));
    }

    [Fact]
    public void Core_references_no_host()
    {
        string[] hosts = ["Zhiku.Cli", "Zhiku.Server"];
        AssemblyName[] referenced = typeof(KnowledgeBase).Assembly.GetReferencedAssemblies();
        Assert.DoesNotContain(referenced, a => hosts.Contains(a.Name));
        Assert.DoesNotContain(References.Value, r => hosts.Any(h => r.TargetNamespace == h || r.TargetNamespace.StartsWith(h + ".", StringComparison.Ordinal)));
    }

    [Fact]
    public void Every_core_area_is_in_the_table()
    {
        string[] areas = References.Value.Select(r => AreaOf(r.SourceNamespace)).OfType<string>().Distinct().Order().ToArray();
        Assert.DoesNotContain(areas, a => !Allowed.ContainsKey(a));
    }

    [Fact]
    public void The_scanner_sees_references_in_signatures_and_method_bodies()
    {
        // A test of the test: if the scanner went blind, the layering test would pass for nothing.
        Assert.Contains(References.Value, r => r.SourceType == "Zhiku.Core.Chunking.Chunker" && r.TargetType == "Zhiku.Core.Text.SentenceSplitter");
        Assert.Contains(References.Value, r => r.SourceType == "Zhiku.Core.Indexing.FullTextIndex" && r.TargetType == "Zhiku.Core.Security.IAtRestEncryption");
        Assert.Contains(References.Value, r => r.SourceType == "Zhiku.Core.Text.TextNormalizer" && r.TargetType == "Zhiku.Core.Text.ChineseVariantFolder");
        var violation = new TypeReferenceScanner.Reference("Zhiku.Core.Chunking.Chunker", "Zhiku.Core.Chunking", "Zhiku.Core.Indexing", "Zhiku.Core.Indexing.FullTextIndex");
        Assert.Single(Violations([violation]));
    }

    private static IEnumerable<(string From, string To, TypeReferenceScanner.Reference Reference)> Violations() => Violations(References.Value);

    private static IEnumerable<(string From, string To, TypeReferenceScanner.Reference Reference)> Violations(IEnumerable<TypeReferenceScanner.Reference> references)
    {
        foreach (TypeReferenceScanner.Reference r in references)
        {
            if (AreaOf(r.SourceNamespace) is not { } from || AreaOf(r.TargetNamespace) is not { } to
                || from == to || to == "Text" || SharedErrorTypes.Contains(r.TargetType))
            {
                continue;
            }

            if (!Allowed.TryGetValue(from, out string[]? allowed) || !allowed.Contains(to))
            {
                yield return (from, to, r);
            }
        }
    }

    /// <summary>The Core area of a namespace (Zhiku.Core.Indexing.Hybrid → Indexing), or null outside Core.</summary>
    internal static string? AreaOf(string ns) =>
        ns == "Zhiku.Core" ? Root
        : ns.StartsWith("Zhiku.Core.", StringComparison.Ordinal) ? ns["Zhiku.Core.".Length..].Split('.')[0]
        : null;
}
