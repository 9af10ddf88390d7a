namespace Zhiku.Core.Storage;

/// <summary>The argument checks every <see cref="IJobStore"/> lease method makes, so both engines refuse the same input.</summary>
internal static class LeaseArguments
{
    public static void Check(string nodeId, TimeSpan leaseDuration)
    {
        CheckNode(nodeId);
        if (leaseDuration <= TimeSpan.Zero)
        {
            throw new ArgumentException($"a job lease must last longer than zero, not {leaseDuration}", nameof(leaseDuration));
        }
    }

    public static void CheckNode(string nodeId)
    {
        if (string.IsNullOrWhiteSpace(nodeId))
        {
            throw new ArgumentException("a job lease needs a node id", nameof(nodeId));
        }
    }
}
