namespace Zhiku.Cli;

/// <summary>
/// Start-up setting for the one-shot query commands. A <c>zhiku search</c> or <c>zhiku ask</c> runs its regular
/// expressions, JSON contracts and expression trees a handful of times, so compiling them to IL with
/// Reflection.Emit (and then JIT-compiling that IL) costs more than interpreting them: with dynamic code turned
/// off they start with 0.8–0.9× the CPU (docs/benchmarks.md, "Performance (issue 13)"). Long-running commands
/// (serve, ingest, eval, chat, the parser worker) keep compiled code.
/// </summary>
internal static class OneShotStart
{
    private const string DynamicCodeSwitch = "System.Runtime.CompilerServices.RuntimeFeature.IsDynamicCodeSupported";

    /// <summary>Turns dynamic code off when <paramref name="args"/> name a one-shot query command; call first in Main.</summary>
    public static void Apply(string[] args)
    {
        if (args is ["search" or "ask", ..])
        {
            AppContext.SetSwitch(DynamicCodeSwitch, false);
        }
    }

    /// <summary>Whether this process runs with dynamic code (false after <see cref="Apply"/> for a one-shot command).</summary>
    public static bool DynamicCode => System.Runtime.CompilerServices.RuntimeFeature.IsDynamicCodeSupported;
}
