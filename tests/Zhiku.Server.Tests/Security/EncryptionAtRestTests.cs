using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Zhiku.Core.Security;
using Zhiku.Server.Services;

namespace Zhiku.Server.Tests.Security;

/// <summary>
/// With ZHIKU_KEY set, nothing derived from documents is readable on disk: the samples (with the fake roster) and a
/// canary document go in through upload jobs, then searches, asks and a saved chat run, and every file under the
/// store (SQLite with its -wal, Lucene, vectors, staged and original uploads, the vault) is scanned for the
/// identifiers in the encodings a disk search would try.
/// </summary>
[Collection(KeyEnvironmentCollection.Name)]
public sealed class EncryptionAtRestTests
{
    private const string TitleCanary = "QZTITLE7731";
    private const string HeadingCanary = "QZHEADING4419";
    private const string BodyCanary = "QZBODY90210";
    private const string CanaryId = "11010519491231002X";
    private const string CanaryPhone = "13917762248";
    private const string CanaryEmail = "lin.canary@zhiku-test.example.cn";
    private const string CanaryAddress = "北京市朝阳区望京西园四区417号楼2单元1503室";
    private const string CanaryName = "欧阳青禾";

    private static readonly string CanaryDocument = $"""
        # 人事档案 {TitleCanary}

        ## 紧急联系人 {HeadingCanary}

        员工{CanaryName}的身份证号为{CanaryId}，手机{CanaryPhone}，邮箱{CanaryEmail}，住址{CanaryAddress}。档案编号{BodyCanary}。
        """;

    [Fact]
    public async Task Nothing_derived_from_documents_is_readable_on_disk_with_a_key()
    {
        string? before = Environment.GetEnvironmentVariable(EncryptionKey.KeyVariable);
        Environment.SetEnvironmentVariable(EncryptionKey.KeyVariable, EncryptionKey.Generate().ToBase64());
        try
        {
            using var server = new ServerFactory();
            HttpClient admin = server.Client(await server.AddUserAsync("admin", "admin"));
            await admin.PostJsonAsync("/api/kbs", new { name = "hr" }, HttpStatusCode.Created);

            var uploads = Directory.GetFiles(SamplesFolder()).Select(f => (Path.GetFileName(f), File.ReadAllBytes(f))).ToList();
            uploads.Add(("canary.md", Encoding.UTF8.GetBytes(CanaryDocument)));
            JsonElement job = await UploadAsync(admin, "hr", uploads);
            Assert.Equal("completed", job.GetProperty("status").GetString());

            // The roster's identifiers are found through the encrypted index, and titles and headings read back.
            JsonElement hits = await admin.PostJsonAsync("/api/kbs/hr/search", new { query = CanaryName + " 紧急联系人", top = 3 });
            JsonElement top = hits.GetProperty("results")[0];
            Assert.Contains(TitleCanary, top.GetProperty("title").GetString(), StringComparison.Ordinal);
            Assert.Contains(HeadingCanary, top.GetProperty("heading").GetString(), StringComparison.Ordinal);
            Roster roster = Roster.Read(Path.Combine(SamplesFolder(), "员工花名册.csv"));
            JsonElement rosterHit = await admin.PostJsonAsync("/api/kbs/hr/search", new { query = roster.Ids[0], top = 3 });
            Assert.Contains(roster.Ids[0], rosterHit.GetProperty("results")[0].GetProperty("text").GetString(), StringComparison.Ordinal);

            JsonElement documents = await admin.GetJsonAsync("/api/kbs/hr/documents");
            Assert.Contains(documents.GetProperty("documents").EnumerateArray(), d => d.GetProperty("title").GetString()!.Contains(TitleCanary, StringComparison.Ordinal));
            long canaryDoc = documents.GetProperty("documents").EnumerateArray()
                .First(d => d.GetProperty("title").GetString()!.Contains(TitleCanary, StringComparison.Ordinal)).GetProperty("id").GetInt64();
            string original = await admin.GetStringAsync($"/api/kbs/hr/documents/{canaryDoc}/file");
            Assert.Equal(CanaryDocument, original);

            // A saved chat whose question, title and answer payload quote the identifiers.
            using (var request = new HttpRequestMessage(HttpMethod.Post, "/api/kbs/hr/ask") { Content = Api.Json(new { question = $"{CanaryName}（{CanaryPhone}）的住址在哪里？", save = true }) })
            {
                using HttpResponseMessage response = await admin.SendAsync(request);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                JsonElement answer = await response.ReadJsonAsync();
                Assert.True(answer.GetProperty("found").GetBoolean(), answer.GetRawText());
                long session = long.Parse(response.Headers.GetValues("X-Zhiku-Session").Single(), System.Globalization.CultureInfo.InvariantCulture);
                await admin.PostJsonAsync("/api/kbs/hr/ask", new { question = $"{roster.Names[0]}的身份证号是多少？", session_id = session });
                JsonElement history = await admin.GetJsonAsync($"/api/chats/{session}");
                Assert.Contains(CanaryPhone, history.GetProperty("messages")[0].GetProperty("text").GetString(), StringComparison.Ordinal);
            }

            // The dense side: vectors of every chunk, written and searched.
            KnowledgeBaseHandle handle = await server.Services.GetRequiredService<KnowledgeBaseRegistry>().GetAsync((await server.ServerStore.KnowledgeBases.FindAsync("hr"))!);
            await handle.KnowledgeBase.UpdateVectorsAsync();
            await admin.PostJsonAsync("/api/kbs/hr/search", new { query = "紧急联系人的住址", top = 3 });

            var canaries = new List<string> { TitleCanary, HeadingCanary, BodyCanary, CanaryId, CanaryPhone, CanaryEmail, CanaryAddress, CanaryName };
            canaries.AddRange(roster.Identifiers);
            List<string> leaks = Scan(server.Store, canaries);
            Assert.True(leaks.Count == 0, "found on disk:\n" + string.Join('\n', leaks));

            // Structure: every index, vector and upload file is in the encrypted format.
            string[] unsealed = Directory.EnumerateFiles(server.Store, "*", SearchOption.AllDirectories)
                .Where(f => IsDerivedFile(server.Store, f) && !StartsWithMagic(f))
                .ToArray();
            Assert.Empty(unsealed);
            Assert.Contains(Directory.EnumerateFiles(Path.Combine(server.Store, "kbs"), "*", SearchOption.AllDirectories),
                f => Path.GetFileName(f) is "vectors.bin" or "index.usearch");
        }
        finally
        {
            Environment.SetEnvironmentVariable(EncryptionKey.KeyVariable, before);
        }
    }

    /// <summary>Where each canary (and its lower-case form, as index terms hold it) shows up in any file, in UTF-8,
    /// UTF-16 (both orders), GB18030 or as JSON \u escapes. Forms shorter than 8 bytes are not searched: that short a
    /// pattern turns up in ciphertext by chance.</summary>
    private static List<string> Scan(string root, IEnumerable<string> canaries)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        Encoding[] encodings = [Encoding.UTF8, Encoding.Unicode, Encoding.BigEndianUnicode, Encoding.GetEncoding("GB18030")];
        var patterns = new List<(string Canary, string Form, byte[] Bytes)>();
        foreach (string canary in canaries.Distinct())
        {
            foreach (string text in new[] { canary, canary.ToLowerInvariant() }.Distinct())
            {
                foreach (Encoding encoding in encodings)
                {
                    patterns.Add((canary, encoding.WebName, encoding.GetBytes(text)));
                }

                string escaped = JsonSerializer.Serialize(text)[1..^1];
                if (escaped != text)
                {
                    patterns.Add((canary, "json", Encoding.UTF8.GetBytes(escaped)));
                    patterns.Add((canary, "json-lower", Encoding.UTF8.GetBytes(escaped.ToLowerInvariant())));
                }
            }
        }

        var leaks = new List<string>();
        foreach (string file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
        {
            byte[] content = ReadShared(file);
            foreach ((string canary, string form, byte[] bytes) in patterns.Where(p => p.Bytes.Length >= 8))
            {
                if (content.AsSpan().IndexOf(bytes) >= 0)
                {
                    leaks.Add($"{Path.GetRelativePath(root, file)}: {canary} ({form})");
                }
            }
        }

        return leaks;
    }

    private static bool IsDerivedFile(string root, string file)
    {
        string relative = Path.GetRelativePath(root, file).Replace('\\', '/');
        string name = Path.GetFileName(file);
        return (relative.StartsWith("kbs/", StringComparison.Ordinal) || relative.StartsWith("files/", StringComparison.Ordinal) || relative.StartsWith("uploads/", StringComparison.Ordinal))
            && name is not ("write.lock" or "vectors.json" or "analysis.txt" or "skipped.ids") && new FileInfo(file).Length > 0;
    }

    private static bool StartsWithMagic(string file)
    {
        byte[] content = ReadShared(file);
        return content.AsSpan().StartsWith("ZKB1"u8);
    }

    private static byte[] ReadShared(string file)
    {
        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    }

    private static async Task<JsonElement> UploadAsync(HttpClient client, string kb, IEnumerable<(string Name, byte[] Content)> files)
    {
        using var form = new MultipartFormDataContent();
        foreach ((string name, byte[] content) in files)
        {
            var part = new ByteArrayContent(content);
            part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            form.Add(part, "file", name);
        }

        using HttpResponseMessage response = await client.PostAsync($"/api/kbs/{kb}/documents?wait=true", form);
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"upload: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static string SamplesFolder()
    {
        for (DirectoryInfo? folder = new(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            string samples = Path.Combine(folder.FullName, "samples");
            if (File.Exists(Path.Combine(samples, "员工花名册.csv")))
            {
                return samples;
            }
        }

        throw new InvalidOperationException("samples/ not found above the test folder");
    }

    /// <summary>The fake roster's identifying columns.</summary>
    private sealed record Roster(List<string> Names, List<string> Ids, List<string> Identifiers)
    {
        public static Roster Read(string path)
        {
            List<List<string>> rows = Rows(File.ReadAllText(path, Encoding.UTF8).TrimStart('\uFEFF'));
            List<string> header = rows[0];
            int[] identifying = [header.IndexOf("姓名"), header.IndexOf("身份证号"), header.IndexOf("手机号"), header.IndexOf("邮箱"), header.IndexOf("银行卡号"), header.IndexOf("家庭住址")];
            Assert.DoesNotContain(-1, identifying);
            var names = new List<string>();
            var ids = new List<string>();
            var all = new List<string>();
            foreach (List<string> cells in rows.Skip(1).Where(r => r.Count == header.Count))
            {
                names.Add(cells[identifying[0]]);
                ids.Add(cells[identifying[1]]);
                all.AddRange(identifying.Select(i => cells[i]));
            }

            return new Roster(names, ids, all);
        }

        // RFC 4180: quoted cells may hold commas, doubled quotes and line breaks.
        private static List<List<string>> Rows(string text)
        {
            var rows = new List<List<string>>();
            var cells = new List<string>();
            var cell = new StringBuilder();
            bool quoted = false;
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (c == '"')
                {
                    if (quoted && i + 1 < text.Length && text[i + 1] == '"')
                    {
                        cell.Append('"');
                        i++;
                    }
                    else
                    {
                        quoted = !quoted;
                    }
                }
                else if (c == ',' && !quoted)
                {
                    cells.Add(cell.ToString());
                    cell.Clear();
                }
                else if ((c == '\n' || c == '\r') && !quoted)
                {
                    if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                    {
                        i++;
                    }

                    cells.Add(cell.ToString());
                    cell.Clear();
                    rows.Add(cells);
                    cells = [];
                }
                else
                {
                    cell.Append(c);
                }
            }

            if (cell.Length > 0 || cells.Count > 0)
            {
                cells.Add(cell.ToString());
                rows.Add(cells);
            }

            return rows;
        }
    }
}
