namespace Zhiku.Cli;

/// <summary>
/// A visible "thinking" state on stderr while a question is answered: at a terminal a line that is erased when the
/// answer starts; redirected, a plain line (stdout stays the answer only).
/// </summary>
internal sealed class ThinkingLine
{
    private const string Text = "thinking… / 思考中…";
    private readonly bool _terminal = !Console.IsErrorRedirected;
    private bool _done;

    public ThinkingLine()
    {
        if (_terminal)
        {
            Console.Error.Write("\u001b[90m" + Text + "\u001b[0m");
        }
        else
        {
            Console.Error.WriteLine(Text);
        }
    }

    /// <summary>Ends the state (idempotent): at a terminal the line is erased.</summary>
    public void Done()
    {
        if (_done)
        {
            return;
        }

        _done = true;
        if (_terminal)
        {
            Console.Error.Write("\r\u001b[2K");
        }
    }
}
