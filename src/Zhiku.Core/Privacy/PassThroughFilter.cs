namespace Zhiku.Core.Privacy;

/// <summary>The filter used when no privacy policy applies: text passes unchanged both ways.</summary>
public sealed class PassThroughFilter : IOutboundFilter
{
    public static readonly PassThroughFilter Instance = new();

    private PassThroughFilter() { }

    public string ToModel(string text) => text;

    public string FromModel(string text) => text;
}
