using Zhiku.Server;

await ZhikuServerHost.RunAsync(args).ConfigureAwait(false);

/// <summary>The server's entry point (also the type tests start it through).</summary>
public partial class Program;
