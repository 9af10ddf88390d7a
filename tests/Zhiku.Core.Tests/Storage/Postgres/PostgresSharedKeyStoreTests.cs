using Zhiku.Core.Security;
using Zhiku.Core.Storage.Postgres;

namespace Zhiku.Core.Tests.Storage.Postgres;

public sealed class PostgresSharedKeyStoreTests
{
    private const string KeyXml = "<key id=\"7d1a\" version=\"1\"><descriptor>secret-material-AAAA</descriptor></key>";

    [Fact]
    public async Task Data_protection_keys_are_read_back_in_order_and_a_name_is_stored_once()
    {
        await using PostgresTestDatabase test = await PostgresTestDatabase.CreateAsync();
        await using PostgresDatabase database = await PostgresDatabase.OpenAsync(test.Url);
        var keys = new PostgresSharedKeyStore(database);
        Assert.Empty(keys.ReadDataProtectionKeys());

        keys.AddDataProtectionKey("key-1", "<key id=\"1\" />");
        keys.AddDataProtectionKey("key-2", "<key id=\"2\" />");
        keys.AddDataProtectionKey("key-1", "<key id=\"other\" />");

        Assert.Equal(["<key id=\"1\" />", "<key id=\"2\" />"], keys.ReadDataProtectionKeys());
        // Another node's store on the same database reads the same ring.
        await using PostgresDatabase other = await PostgresDatabase.OpenAsync(test.Url);
        Assert.Equal(["<key id=\"1\" />", "<key id=\"2\" />"], new PostgresSharedKeyStore(other).ReadDataProtectionKeys());
    }

    [Fact]
    public async Task With_a_store_key_the_rows_hold_ciphertext_only()
    {
        await using PostgresTestDatabase test = await PostgresTestDatabase.CreateAsync();
        EncryptionKey key = EncryptionKey.Generate();
        byte[] secret;
        await using (PostgresDatabase database = await PostgresDatabase.OpenAsync(test.Url, key))
        {
            var keys = new PostgresSharedKeyStore(database);
            keys.AddDataProtectionKey("key-7d1a", KeyXml);
            secret = keys.GetOrCreateSecret("public-ids", () => [1, 2, 3, 4]);
            Assert.Equal([KeyXml], keys.ReadDataProtectionKeys());
        }

        string raw = (string)(await test.ScalarAsync("SELECT value FROM shared_keys WHERE kind = 'data-protection';"))!;
        Assert.StartsWith("enc:", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-material", raw, StringComparison.Ordinal);
        string rawSecret = (string)(await test.ScalarAsync("SELECT value FROM shared_keys WHERE kind = 'secret';"))!;
        Assert.StartsWith("enc:", rawSecret, StringComparison.Ordinal);
        Assert.NotEqual(Convert.ToBase64String(secret), rawSecret["enc:".Length..]);

        await using PostgresDatabase again = await PostgresDatabase.OpenAsync(test.Url, key);
        Assert.Equal([1, 2, 3, 4], new PostgresSharedKeyStore(again).GetOrCreateSecret("public-ids", () => [9]));
    }

    [Fact]
    public async Task Nodes_creating_a_secret_at_once_all_get_the_first_one_stored()
    {
        await using PostgresTestDatabase test = await PostgresTestDatabase.CreateAsync();
        var nodes = new List<PostgresDatabase>();
        try
        {
            for (int i = 0; i < 6; i++)
            {
                nodes.Add(await PostgresDatabase.OpenAsync(test.Url));
            }

            using var start = new Barrier(nodes.Count);
            byte[][] got = await Task.WhenAll(nodes.Select((node, i) => Task.Run(() =>
            {
                start.SignalAndWait(TimeSpan.FromSeconds(30));
                return new PostgresSharedKeyStore(node).GetOrCreateSecret("public-ids", () => [(byte)i, 42]);
            })));

            Assert.Single(got.Select(Convert.ToBase64String).Distinct());
            Assert.Equal(1L, Convert.ToInt64(await test.ScalarAsync("SELECT count(*) FROM shared_keys;"), System.Globalization.CultureInfo.InvariantCulture));
        }
        finally
        {
            foreach (PostgresDatabase node in nodes)
            {
                await node.DisposeAsync();
            }
        }
    }
}
