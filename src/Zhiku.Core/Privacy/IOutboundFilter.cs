namespace Zhiku.Core.Privacy;

/// <summary>
/// The one door between Zhiku's text and a model. Every text sent to a model (prompt messages, chat history for
/// query rewriting) passes <see cref="ToModel"/>; every text the model returns passes <see cref="FromModel"/>
/// before the user or the citation check sees it. The privacy layer implements it (desensitize out, re-identify
/// in); one instance serves one conversation so placeholders stay consistent.
/// </summary>
public interface IOutboundFilter
{
    /// <summary>Transforms text about to leave for the model. Must not throw for any text.</summary>
    string ToModel(string text);

    /// <summary>
    /// Transforms model output for the user. Called on whole answers and on streamed pieces; a streamed piece never
    /// ends inside an unclosed <c>[…]</c> or <c>【…】</c>, so bracketed placeholders always arrive whole.
    /// </summary>
    string FromModel(string text);
}
