using System.CommandLine;
using System.Text;
using Zhiku.Cli.Commands;
using Zhiku.Core;

namespace Zhiku.Cli;

/// <summary>Builds the command tree and maps failures to exit codes: 0 ok, 1 user error, 2 internal error.</summary>
internal static class CliApp
{
    public const int Ok = 0;
    public const int UserError = 1;
    public const int InternalError = 2;

    public static async Task<int> RunAsync(string[] args)
    {
        if (args is [Zhiku.Core.Ingestion.Isolation.ParserWorkerCommand.Verb])
        {
            return await RunParserWorkerAsync().ConfigureAwait(false);
        }

        Console.OutputEncoding = Encoding.UTF8;
        if (Console.IsOutputRedirected)
        {
            // Spectre wraps at 80 columns when it cannot see a terminal; piped output should not be wrapped.
            Spectre.Console.AnsiConsole.Profile.Width = 4096;
        }

        var root = new RootCommand("Zhiku 知库 — a private knowledge base: ingest documents, search and ask with citations.");
        root.Options.Add(CliOptions.Store);
        root.Options.Add(CliOptions.Database);
        root.Options.Add(CliOptions.Verbose);
        foreach (Command command in CommandCatalog.All())
        {
            root.Subcommands.Add(command);
        }

        ParseResult parseResult = root.Parse(args);
        bool verbose = parseResult.GetValue(CliOptions.Verbose);
        using var cancellation = new CancellationTokenSource();
        // Ctrl+C cancels the command. A signal can arrive twice (a line editor restores the terminal and re-raises
        // it), also after the command ended: the handler is removed before the source is disposed, and a late one
        // is ignored.
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            try
            {
                cancellation.Cancel();
            }
            catch (ObjectDisposedException)
            {
            }
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            return await parseResult.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false }, cancellation.Token)
                .ConfigureAwait(false);
        }
        catch (ZhikuException ex)
        {
            return Fail(ExitCodeOf(ex.Kind), ex, verbose);
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("cancelled / 已取消");
            return 130;
        }
        catch (Exception ex)
        {
            return Fail(InternalError, ex, verbose);
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    /// <summary>The hidden `zhiku __parse-worker`: parses files sent by a parent over stdin/stdout (see
    /// ParserWorkerHost). Dispatched before the command tree so nothing else touches the console first.</summary>
    private static async Task<int> RunParserWorkerAsync()
    {
        Stream input = Console.OpenStandardInput();
        Stream output = Console.OpenStandardOutput();
        // Anything a library prints must not corrupt the protocol: console writes go to stderr.
        Console.SetOut(Console.Error);
        return await Zhiku.Core.Ingestion.Isolation.ParserWorkerHost.RunAsync(input, output).ConfigureAwait(false);
    }

    /// <summary>Every kind the user can fix is exit code 1 (the message says what to fix); only a broken contract
    /// inside Zhiku is 2.</summary>
    internal static int ExitCodeOf(ErrorKind kind) => kind switch
    {
        ErrorKind.InvalidInput or ErrorKind.NotFound or ErrorKind.Conflict or ErrorKind.Forbidden or ErrorKind.Unavailable => UserError,
        _ => InternalError,
    };

    private static int Fail(int code, Exception ex, bool verbose)
    {
        string prefix = code == UserError ? "error" : "internal error";
        Console.Error.WriteLine($"{prefix}: {ex.Message}");
        if (verbose)
        {
            Console.Error.WriteLine(ex.ToString());
        }
        else if (code == InternalError)
        {
            Console.Error.WriteLine("Run again with --verbose for details. / 加 --verbose 查看详情。");
        }

        return code;
    }
}
