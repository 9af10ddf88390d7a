using System.Text;
using Zhiku.Core.Privacy;

namespace Zhiku.Core.Answering;

/// <summary>
/// Passes streamed model text to the user through the filter's <see cref="IOutboundFilter.FromModel"/>, holding
/// back a trailing unclosed <c>[…</c> or <c>【…</c> (a placeholder or citation marker still arriving) so it is
/// transformed whole. A bracket left open for more than <see cref="MaxHold"/> characters is not a placeholder.
/// </summary>
internal sealed class StreamingRelay
{
    private const int MaxHold = 48;

    private readonly IOutboundFilter _filter;
    private readonly Action<string> _sink;
    private readonly StringBuilder _pending = new();

    public StreamingRelay(IOutboundFilter filter, Action<string> sink)
    {
        _filter = filter;
        _sink = sink;
    }

    public void Push(string delta)
    {
        _pending.Append(delta);
        string text = _pending.ToString();
        int open = Math.Max(text.LastIndexOf('['), text.LastIndexOf('【'));
        bool unclosed = open >= 0 && text.IndexOfAny([']', '】'], open) < 0 && text.Length - open <= MaxHold;
        int emit = unclosed ? open : text.Length;
        if (emit > 0)
        {
            Emit(text[..emit]);
            _pending.Remove(0, emit);
        }
    }

    public void Flush()
    {
        if (_pending.Length > 0)
        {
            Emit(_pending.ToString());
            _pending.Clear();
        }
    }

    private void Emit(string text)
    {
        string shown = _filter.FromModel(text);
        if (shown.Length > 0)
        {
            _sink(shown);
        }
    }
}
