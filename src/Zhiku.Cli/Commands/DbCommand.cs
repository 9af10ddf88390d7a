using System.CommandLine;
using Spectre.Console;
using Zhiku.Core;
using Zhiku.Core.Security;
using Zhiku.Core.Storage.Copy;
using Zhiku.Core.Storage.Postgres;

namespace Zhiku.Cli.Commands;

/// <summary>
/// `zhiku db copy --to URL [--store DIR] [--json]`: moves an existing embedded store into PostgreSQL (everything the
/// system of record keeps, vectors included, so nothing is re-embedded), resumable, and checked by counts and checksums
/// at the end; the embedded store is left untouched.
/// </summary>
internal static class DbCommand
{
    public static Command Create()
    {
        var command = new Command("db", "The system of record: move an embedded store into PostgreSQL / 数据存储");
        command.Subcommands.Add(Copy());
        return command;
    }

    private static Command Copy()
    {
        var to = new Option<string>("--to")
        {
            Description = "The PostgreSQL database to copy into: a connection string (Host=…;Database=…;Username=…) or a postgresql:// URL / 目标 PostgreSQL",
            Required = true,
        };
        Option<bool> json = CliOptions.Json();
        var command = new Command("copy",
            "Copy the embedded store (--store) into PostgreSQL with its vectors; run it again to resume; the store is not changed / 将嵌入式存储复制到 PostgreSQL")
        {
            to, json,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            DatabaseUrl target = DatabaseUrl.Parse(parseResult.GetValue(to)!, "--to");
            string root = CliOptions.ResolveStore(parseResult);
            bool asJson = parseResult.GetValue(json);
            IReadOnlyList<CopyCheck> checks;
            try
            {
                checks = await RunAsync(root, target, asJson, cancellationToken).ConfigureAwait(false);
            }
            catch (ZhikuException ex) when (ex.Subject == root && !ex.Message.StartsWith("--", StringComparison.Ordinal))
            {
                throw StoreSession.Flagged(parseResult.GetValue(CliOptions.Store) is not null ? "--store" : "ZHIKU_HOME", ex);
            }
            catch (ZhikuException ex) when ((ex.Kind == ErrorKind.Unavailable || ex.Subject == target.Subject) && !ex.Message.StartsWith("--", StringComparison.Ordinal))
            {
                throw StoreSession.Flagged("--to", ex);
            }

            if (asJson)
            {
                CliJson.Print(new
                {
                    store = root,
                    to = target.ToString(),
                    tables = checks.Select(c => new
                    {
                        table = c.Table,
                        rows = c.TargetRows,
                        written = c.Written,
                        checksum = c.TargetChecksum,
                        matches = c.Matches,
                    }),
                });
            }
            else
            {
                var table = new Table().AddColumns("table / 表", "rows / 行", "written now / 本次写入", "checksum / 校验和");
                foreach (CopyCheck check in checks)
                {
                    table.AddRow(Markup.Escape(check.Table), check.TargetRows.ToString(System.Globalization.CultureInfo.InvariantCulture),
                        check.Written.ToString(System.Globalization.CultureInfo.InvariantCulture), check.TargetChecksum);
                }

                AnsiConsole.Write(table);
                Console.WriteLine($"copied {root} into {target}: every table's count and checksum match; the embedded store was not changed / 复制完成，行数与校验和一致");
            }

            return CliApp.Ok;
        });
        return command;
    }

    private static async Task<IReadOnlyList<CopyCheck>> RunAsync(string root, DatabaseUrl target, bool quiet, CancellationToken cancellationToken)
    {
        EncryptionKey? key = EncryptionKey.FromEnvironment();
        if (quiet || Console.IsOutputRedirected)
        {
            string? last = null;
            var lines = new InlineProgress(p =>
            {
                if (!quiet && p.Done == p.Total && p.Table != last)
                {
                    last = p.Table;
                    Console.WriteLine($"{p.Table}: {p.Done}/{p.Total} / 已复制");
                }
            });
            return await StoreCopy.RunAsync(root, target, key, lines, cancellationToken).ConfigureAwait(false);
        }

        IReadOnlyList<CopyCheck>? checks = null;
        await AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var tasks = new Dictionary<string, ProgressTask>();
                var bars = new InlineProgress(p =>
                {
                    if (!tasks.TryGetValue(p.Table, out ProgressTask? task))
                    {
                        task = tasks[p.Table] = context.AddTask(Markup.Escape(p.Table), maxValue: 1);
                    }

                    task.MaxValue = Math.Max(1, p.Total);
                    task.Value = p.Total == 0 ? 1 : p.Done;
                });
                checks = await StoreCopy.RunAsync(root, target, key, bars, cancellationToken).ConfigureAwait(false);
            }).ConfigureAwait(false);
        return checks!;
    }

    /// <summary>Progress&lt;T&gt; posts to the thread pool; this reports inline so lines keep their order.</summary>
    private sealed class InlineProgress(Action<CopyProgress> report) : IProgress<CopyProgress>
    {
        public void Report(CopyProgress value) => report(value);
    }
}
