namespace Zhiku.Core.Storage.Postgres;

/// <summary>The comma-separated host list of a connection (<c>db1:5432,db2:5433</c>), the servers tried in order.</summary>
internal static class PostgresHostList
{
    /// <summary>The hosts of <paramref name="hosts"/>, in order.</summary>
    /// <exception cref="ZhikuException"><see cref="ErrorKind.InvalidInput"/>: an empty entry or a bad entry.</exception>
    public static IReadOnlyList<PostgresHost> Split(string hosts, string subject)
    {
        string[] entries = hosts.Split(',');
        var list = new List<PostgresHost>(entries.Length);
        for (int i = 0; i < entries.Length; i++)
        {
            string entry = entries[i].Trim();
            if (entry.Length == 0)
            {
                throw DatabaseUrl.Invalid(subject, $"has an empty entry in its host list (host {i + 1})", $"主机列表中第 {i + 1} 项为空");
            }

            list.Add(PostgresHost.Parse(entry, i + 1, subject));
        }

        return list;
    }
}
