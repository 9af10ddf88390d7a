using System.Text.Json;

namespace Zhiku.Core.Configuration;

/// <summary>
/// Typed reads from one JSON object of <c>zhiku.json</c> that fail with a message naming the file, the key path
/// and the fix. Unknown keys are errors, because a misspelt key that is silently ignored is a wrong configuration.
/// </summary>
internal sealed class ConfigValueReader
{
    private readonly string _file;
    private readonly string _path;
    private readonly JsonElement _element;

    public ConfigValueReader(string file, string path, JsonElement element)
    {
        _file = file;
        _path = path;
        _element = element;
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw Error(path.Length == 0 ? "(root)" : path, "must be a JSON object { … }", "必须是 JSON 对象 { … }");
        }
    }

    /// <summary>The configuration file, for messages.</summary>
    public string File => _file;

    public string Key(string name) => _path.Length == 0 ? name : $"{_path}.{name}";

    public void RejectUnknownKeys(params string[] known)
    {
        foreach (JsonProperty property in _element.EnumerateObject())
        {
            if (!known.Contains(property.Name, StringComparer.Ordinal))
            {
                throw Error(Key(property.Name), $"unknown key; known keys here: {string.Join(", ", known)}",
                    $"未知的键；此处可用的键：{string.Join(", ", known)}");
            }
        }
    }

    public bool Has(string name) => _element.TryGetProperty(name, out JsonElement value) && value.ValueKind != JsonValueKind.Null;

    public string? String(string name)
    {
        if (!_element.TryGetProperty(name, out JsonElement value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            throw Error(Key(name), "must be a string in double quotes", "必须是带双引号的字符串");
        }

        string text = value.GetString()!.Trim();
        return text.Length == 0 ? null : text;
    }

    /// <summary>A string kept exactly as written (prefixes such as "query: " keep their spaces); empty means null.</summary>
    public string? RawString(string name)
    {
        string? trimmed = String(name);
        return trimmed is null ? null : _element.GetProperty(name).GetString();
    }

    /// <summary>An array of non-empty strings, or null when absent.</summary>
    public IReadOnlyList<string>? StringArray(string name)
    {
        if (!_element.TryGetProperty(name, out JsonElement value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(v.GetString())))
        {
            throw Error(Key(name), "must be an array of strings, e.g. [\"zh\", \"en\"]", "必须是字符串数组，例如 [\"zh\", \"en\"]");
        }

        return value.EnumerateArray().Select(v => v.GetString()!.Trim()).ToList();
    }

    public bool? Bool(string name)
    {
        if (!_element.TryGetProperty(name, out JsonElement value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Error(Key(name), "must be true or false (without quotes)", "必须是 true 或 false（不加引号）"),
        };
    }

    public double? Number(string name, double min, double max)
    {
        if (!_element.TryGetProperty(name, out JsonElement value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out double number) || number < min || number > max)
        {
            throw Error(Key(name), $"must be a number from {min} to {max}", $"必须是 {min} 到 {max} 之间的数字");
        }

        return number;
    }

    public int? Integer(string name, int min, int max)
    {
        double? number = Number(name, min, max);
        if (number is null)
        {
            return null;
        }

        if (number.Value != Math.Floor(number.Value))
        {
            throw Error(Key(name), "must be a whole number", "必须是整数");
        }

        return (int)number.Value;
    }

    public ConfigValueReader? Object(string name) =>
        _element.TryGetProperty(name, out JsonElement value) && value.ValueKind != JsonValueKind.Null
            ? new ConfigValueReader(_file, Key(name), value)
            : null;

    public IEnumerable<(string Name, ConfigValueReader Reader)> Properties()
    {
        foreach (JsonProperty property in _element.EnumerateObject())
        {
            yield return (property.Name, new ConfigValueReader(_file, Key(property.Name), property.Value));
        }
    }

    public IReadOnlyList<ConfigValueReader> ObjectArray(string name)
    {
        if (!_element.TryGetProperty(name, out JsonElement value) || value.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            throw Error(Key(name), "must be a JSON array [ … ]", "必须是 JSON 数组 [ … ]");
        }

        return value.EnumerateArray().Select((item, i) => new ConfigValueReader(_file, $"{Key(name)}[{i}]", item)).ToList();
    }

    public ZhikuException Error(string key, string english, string chinese) =>
        ZhikuException.InvalidInput($"{_file}: {key}: {english}. / {_file} 中的 {key}：{chinese}。", key);
}
