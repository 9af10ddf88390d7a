using System.Text;

namespace Zhiku.Core.Privacy;

/// <summary>The mask and generalize forms of a value: 138****5678, 1101 **** **** 3256, 张*, z***@example.com,
/// 192.168.*.*, a birth date's year, an address's city.</summary>
public static class PiiMasker
{
    /// <summary>The masked form of <paramref name="value"/> of type <paramref name="type"/>; never the whole value.</summary>
    public static string Mask(string type, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        int significant = CountSignificant(value);
        switch (type)
        {
            case PiiTypes.ChineseMobile:
                return MaskSignificant(value, Math.Max(0, significant - 11) + 3, 4);
            case PiiTypes.BankCard:
                string digits = Boundaries.Compact(value);
                return digits.Length >= 12 ? $"{digits[..4]} **** **** {digits[^4..]}" : new string('*', digits.Length);
            case PiiTypes.ChineseId:
                return MaskSignificant(value, 4, 4);
            case PiiTypes.ChineseLandline:
                return MaskSignificant(value, Math.Min(4, significant - 6), 4);
            case PiiTypes.Email:
                int at = value.IndexOf('@', StringComparison.Ordinal);
                return at > 0 ? value[0] + "***" + value[at..] : "***";
            case PiiTypes.Person:
                return MaskPerson(value);
            case PiiTypes.Address:
                string? city = AddressRecognizer.CityOf(value);
                return (city ?? value[..Math.Min(2, value.Length)]) + "****";
            case PiiTypes.DateOfBirth:
                int seen = 0;
                return new string([.. value.Select(c => Boundaries.IsDigit(c) && ++seen > 4 ? '*' : c)]);
            case PiiTypes.ChinesePlate:
                return MaskSignificant(value, 2, 2);
            case PiiTypes.Secret:
                return "******";
            case PiiTypes.IpAddress:
                return MaskIp(value);
            case PiiTypes.MacAddress:
                return MaskSignificant(value, 6, 0);
            default:
                return significant >= 8 ? MaskSignificant(value, 2, 2) : MaskSignificant(value, 1, 0);
        }
    }

    /// <summary>The generalized form, or null when the type has none (the caller then redacts).</summary>
    public static string? Generalize(string type, string value, bool chinese)
    {
        switch (type)
        {
            case PiiTypes.DateOfBirth:
                string year = new([.. value.Where(Boundaries.IsDigit).Take(4)]);
                if (year.Length != 4)
                {
                    int y = value.IndexOf("19", StringComparison.Ordinal) is var i and >= 0 ? i : value.IndexOf("20", StringComparison.Ordinal);
                    year = y >= 0 && y + 4 <= value.Length ? value.Substring(y, 4) : "";
                }

                return year.Length == 4 ? (chinese ? year + "年" : year) : null;
            case PiiTypes.Address:
                return AddressRecognizer.CityOf(value);
            case PiiTypes.IpAddress:
                string[] octets = value.Split('.');
                return octets.Length == 4 ? $"{octets[0]}.{octets[1]}.{octets[2]}.0/24" : null;
            default:
                return null;
        }
    }

    private static string MaskPerson(string value)
    {
        if (value.Any(Boundaries.IsHan))
        {
            int keep = ChineseNameLexicon.SurnameLength(value) is var n and > 0 ? n : 1;
            return value[..keep] + new string('*', Math.Max(1, value.Length - keep));
        }

        var sb = new StringBuilder(value.Length);
        bool wordStart = true;
        foreach (char c in value)
        {
            sb.Append(char.IsLetter(c) && !wordStart ? '*' : c);
            wordStart = !char.IsLetter(c);
        }

        return sb.ToString();
    }

    private static string MaskIp(string value)
    {
        if (value.Contains(':', StringComparison.Ordinal))
        {
            int colon = value.IndexOf(':', StringComparison.Ordinal);
            return value[..colon] + ":****";
        }

        string[] octets = value.Split('.');
        return octets.Length == 4 ? $"{octets[0]}.{octets[1]}.*.*" : "*.*.*.*";
    }

    private static int CountSignificant(string value) => value.Count(c => Boundaries.IsAlnum(c) || Boundaries.IsHan(c) || char.IsLetterOrDigit(c));

    // Replaces letters and digits with '*' except the first keepFirst and last keepLast of them; separators stay.
    private static string MaskSignificant(string value, int keepFirst, int keepLast)
    {
        int total = CountSignificant(value);
        if (keepFirst + keepLast >= total)
        {
            keepFirst = Math.Min(keepFirst, total / 3);
            keepLast = Math.Min(keepLast, total / 3);
        }

        var sb = new StringBuilder(value.Length);
        int index = 0;
        foreach (char c in value)
        {
            if (char.IsLetterOrDigit(c))
            {
                sb.Append(index < keepFirst || index >= total - keepLast ? c : '*');
                index++;
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }
}
