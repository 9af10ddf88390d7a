namespace Zhiku.Core.Storage.Postgres;

/// <summary>Why <see cref="PostgresChangeListener.WaitAsync"/> returned; after each the follower reads the log.</summary>
public enum ChangeWake
{
    /// <summary>A transaction that wrote changes committed.</summary>
    Notified,

    /// <summary>The poll interval passed without a notification (the fallback when notifications are lost or late).</summary>
    Polled,

    /// <summary>The listening connection was lost and opened again (or could not be, and the interval was waited
    /// instead): notifications sent meanwhile are lost, so the log must be read.</summary>
    Reconnected,
}
