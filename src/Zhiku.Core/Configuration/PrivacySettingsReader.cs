using Zhiku.Core.Access;
using Zhiku.Core.Privacy;
using Zhiku.Core.Storage;

namespace Zhiku.Core.Configuration;

/// <summary>Reads the `privacy` section of zhiku.json.</summary>
internal static class PrivacySettingsReader
{
    public static PrivacySettings Read(ConfigValueReader reader, string baseDirectory)
    {
        reader.RejectUnknownKeys("operators", "staff_directory", "allow", "deny", "rules");
        DesensitizationPolicy operators = DesensitizationPolicy.Default;
        if (reader.Object("operators") is { } ops)
        {
            foreach ((string type, ConfigValueReader value) in ops.Properties())
            {
                if (!PiiTypes.All.Contains(type))
                {
                    throw ops.Error(ops.Key(type), $"unknown entity type; use one of {string.Join(", ", PiiTypes.All)}", "未知的实体类型");
                }

                string? name = ops.String(type);
                if (!Enum.TryParse(name, ignoreCase: true, out PiiOperator op))
                {
                    throw ops.Error(ops.Key(type), "use pseudonymize, mask, redact, generalize or keep", "请使用 pseudonymize、mask、redact、generalize 或 keep");
                }

                operators = operators.With(type, op);
            }
        }

        var staff = new List<string>();
        if (reader.String("staff_directory") is { } staffPath)
        {
            string full = Path.GetFullPath(staffPath, baseDirectory);
            if (!File.Exists(full))
            {
                throw reader.Error(reader.Key("staff_directory"), $"the file {full} does not exist (one name a line)", $"文件 {full} 不存在（每行一个姓名）");
            }

            staff.AddRange(File.ReadAllLines(full).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')));
        }

        var rules = new List<PrivacyRule>();
        foreach (ConfigValueReader rule in reader.ObjectArray("rules"))
        {
            rule.RejectUnknownKeys("path", "keywords", "categories", "policy", "kb");
            string policyText = rule.String("policy") ?? throw rule.Error(rule.Key("policy"), "is required: cloud, local-only or forbidden", "必填：cloud、local-only 或 forbidden");
            if (!DataPolicy.All.Contains(policyText))
            {
                throw rule.Error(rule.Key("policy"), "use cloud, local-only or forbidden", "请使用 cloud、local-only 或 forbidden");
            }

            var categories = new List<SensitiveCategory>();
            foreach (string category in rule.StringArray("categories") ?? [])
            {
                if (!Enum.TryParse(category.Replace("_", "", StringComparison.Ordinal), ignoreCase: true, out SensitiveCategory parsed))
                {
                    throw rule.Error(rule.Key("categories"), $"unknown category \"{category}\"; use {string.Join(", ", Enum.GetNames<SensitiveCategory>().Select(n => n.ToLowerInvariant()))}", "未知的敏感类别");
                }

                categories.Add(parsed);
            }

            var parsedRule = new PrivacyRule(policyText)
            {
                PathGlob = rule.String("path"),
                Keywords = rule.StringArray("keywords") ?? [],
                Categories = categories,
                KnowledgeBase = rule.String("kb"),
            };
            if (parsedRule.PathGlob is null && parsedRule.Keywords.Count == 0 && parsedRule.Categories.Count == 0)
            {
                throw rule.Error(rule.Key("policy"), "a rule needs a path, keywords or categories to match", "规则需要 path、keywords 或 categories 之一");
            }

            rules.Add(parsedRule);
        }

        return new PrivacySettings
        {
            Operators = operators,
            StaffDirectory = staff,
            Allow = reader.StringArray("allow") ?? [],
            Deny = reader.StringArray("deny") ?? [],
            Rules = rules,
        };
    }
}
