using Zhiku.Cli;

return await CliApp.RunAsync(args).ConfigureAwait(false);
