namespace Zhiku.Core.Storage;

/// <summary>Where the change log stands, as a replica checks its own position against it.</summary>
/// <param name="Origin">The log's identity, made once per database and schema: a replica whose position names another
/// was made from another database (or a recreated one) and is rebuilt.</param>
/// <param name="Horizon">The highest number whose change the log may no longer keep (0 while it keeps every change): a
/// replica that applied less than this cannot catch up change by change and is rebuilt from the chunks.</param>
/// <param name="LastSeq">The highest number committed, of any knowledge base (0 when there is none).</param>
public sealed record ChangeLogHead(string Origin, long Horizon, long LastSeq);
