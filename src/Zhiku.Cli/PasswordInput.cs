using Spectre.Console;
using Zhiku.Core;

namespace Zhiku.Cli;

/// <summary>
/// Reads a new password. At a terminal it is asked twice without echo and the two must match. With stdin redirected
/// (scripts, tests) the lines are read instead: two lines must match; a single line is taken as is, as is the first
/// line with --password-stdin.
/// </summary>
internal static class PasswordInput
{
    /// <exception cref="ZhikuException">The two entries differ, or nothing was given.</exception>
    public static string ReadNew(bool onceFromStdin)
    {
        if (onceFromStdin)
        {
            return Console.In.ReadLine() ?? throw Missing();
        }

        if (!Console.IsInputRedirected)
        {
            string first = AnsiConsole.Prompt(new TextPrompt<string>("New password / 新密码:").Secret(null));
            string second = AnsiConsole.Prompt(new TextPrompt<string>("Repeat it / 再输入一次:").Secret(null));
            return first == second ? first : throw Mismatch();
        }

        string line = Console.In.ReadLine() ?? throw Missing();
        string? repeat = Console.In.ReadLine();
        return repeat is null || repeat == line ? line : throw Mismatch();
    }

    private static ZhikuException Missing() =>
        ZhikuException.InvalidInput("password: nothing on stdin; type it at a terminal or pipe it, e.g. `echo '…' | zhiku user password NAME` / 未读到密码");

    private static ZhikuException Mismatch() =>
        ZhikuException.InvalidInput("password: the two entries differ; nothing was changed, run the command again / 两次输入的密码不一致，未做修改");
}
