using System.Collections.Concurrent;

namespace Zhiku.Server.Auth;

/// <summary>
/// Limits password guessing: failed sign-ins are counted per target account and per client address; past a few free
/// failures each further one locks that account or address for twice as long as the last (from 30 seconds up to 15
/// minutes). While locked, attempts are refused without checking the password. A success clears the account's count.
/// Counts are forgotten 15 minutes after the last failure. Kept in memory: a restart starts afresh.
/// </summary>
public sealed class SignInThrottle(TimeProvider time)
{
    /// <summary>Failures allowed per account before the first lock.</summary>
    public const int FreeAccountFailures = 5;

    /// <summary>Failures allowed per address (which may hide many people) before the first lock.</summary>
    public const int FreeAddressFailures = 20;

    private const int MaxEntries = 100_000;
    private static readonly TimeSpan FirstLock = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan LongestLock = TimeSpan.FromMinutes(15);
    private static readonly TimeSpan Forget = TimeSpan.FromMinutes(15);
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>How long the caller must wait before trying again, or null when they may try now.</summary>
    public TimeSpan? RetryAfter(string account, string address)
    {
        DateTimeOffset now = time.GetUtcNow();
        TimeSpan wait = TimeSpan.Zero;
        foreach (string key in new[] { AccountKey(account), AddressKey(address) })
        {
            if (_entries.TryGetValue(key, out Entry? entry))
            {
                lock (entry)
                {
                    if (entry.LockedUntil > now && entry.LockedUntil - now > wait)
                    {
                        wait = entry.LockedUntil - now;
                    }
                }
            }
        }

        return wait > TimeSpan.Zero ? wait : null;
    }

    /// <summary>Counts a failed sign-in against the account and the address.</summary>
    public void Failed(string account, string address)
    {
        DateTimeOffset now = time.GetUtcNow();
        if (_entries.Count > MaxEntries)
        {
            foreach ((string key, Entry stale) in _entries.Where(e => now - e.Value.LastFailure > Forget && e.Value.LockedUntil < now))
            {
                _entries.TryRemove(key, out _);
            }
        }

        Count(AccountKey(account), FreeAccountFailures, now);
        Count(AddressKey(address), FreeAddressFailures, now);
    }

    /// <summary>Clears the account's failures after a successful sign-in.</summary>
    public void Succeeded(string account) => _entries.TryRemove(AccountKey(account), out _);

    private void Count(string key, int free, DateTimeOffset now)
    {
        Entry entry = _entries.GetOrAdd(key, _ => new Entry());
        lock (entry)
        {
            if (now - entry.LastFailure > Forget && entry.LockedUntil < now)
            {
                entry.Failures = 0;
            }

            entry.Failures++;
            entry.LastFailure = now;
            if (entry.Failures >= free)
            {
                double seconds = FirstLock.TotalSeconds * Math.Pow(2, Math.Min(entry.Failures - free, 20));
                entry.LockedUntil = now + TimeSpan.FromSeconds(Math.Min(seconds, LongestLock.TotalSeconds));
            }
        }
    }

    private static string AccountKey(string account) => "user:" + account.Trim().ToLowerInvariant();

    private static string AddressKey(string address) => "ip:" + address;

    private sealed class Entry
    {
        public int Failures { get; set; }

        public DateTimeOffset LastFailure { get; set; }

        public DateTimeOffset LockedUntil { get; set; }
    }
}
