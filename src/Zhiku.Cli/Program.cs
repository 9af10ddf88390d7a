using Zhiku.Cli;

OneShotStart.Apply(args);
return await CliApp.RunAsync(args).ConfigureAwait(false);
