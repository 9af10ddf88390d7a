using System.Text;

namespace Zhiku.PrivacyBench;

/// <summary>A gold entity: type and span in the document text.</summary>
internal sealed record GoldEntity(string Type, int Start, int End);

/// <summary>A generated document with its gold labels and the template it came from.</summary>
internal sealed record LabelledDocument(string Template, string Text, IReadOnlyList<GoldEntity> Entities);

/// <summary>Builds a document piece by piece, recording the span of every labelled value. Values may be
/// rewritten with full-width digits or zero-width characters, the way real documents arrive.</summary>
internal sealed class DocumentBuilder(Random random, string template)
{
    private static readonly HashSet<string> NumericTypes = ["CN_ID", "CN_MOBILE", "CN_LANDLINE", "BANK_CARD", "PASSPORT", "CN_HMT_PERMIT"];
    private readonly StringBuilder _text = new();
    private readonly List<GoldEntity> _entities = [];

    public DocumentBuilder T(string text)
    {
        _text.Append(text);
        return this;
    }

    /// <summary>Appends a labelled value (type null: a hard negative, appended unlabelled).</summary>
    public DocumentBuilder E(string? type, string value)
    {
        if (type is not null && NumericTypes.Contains(type))
        {
            double roll = random.NextDouble();
            if (roll < 0.1)
            {
                value = ToFullWidth(value);
            }
            else if (roll < 0.14 && value.Length > 4)
            {
                value = value.Insert(random.Next(1, value.Length - 1), "\u200B");
            }
        }

        int start = _text.Length;
        _text.Append(value);
        if (type is not null)
        {
            _entities.Add(new GoldEntity(type, start, _text.Length));
        }

        return this;
    }

    public LabelledDocument Build() => new(template, _text.ToString(), _entities);

    private static string ToFullWidth(string value) =>
        new([.. value.Select(c => c is >= '0' and <= '9' or >= 'A' and <= 'Z' ? (char)(c + 0xFEE0) : c)]);
}
