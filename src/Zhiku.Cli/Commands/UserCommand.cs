using System.CommandLine;
using Spectre.Console;
using Zhiku.Core;
using Zhiku.Core.Access;
using Zhiku.Core.Storage;
using Zhiku.Server.Auth;

namespace Zhiku.Cli.Commands;

/// <summary>`zhiku user add|list|disable|enable|key|password|groups`: server users, their API keys and passwords.</summary>
internal static class UserCommand
{
    public static Command Create()
    {
        var command = new Command("user", "Manage server users and API keys / 管理用户与 API key");
        command.Subcommands.Add(Add());
        command.Subcommands.Add(List());
        command.Subcommands.Add(SetDisabled("disable", true, "Disable a user (keys and sessions stop working) / 禁用用户"));
        command.Subcommands.Add(SetDisabled("enable", false, "Enable a disabled user / 启用用户"));
        command.Subcommands.Add(Key());
        command.Subcommands.Add(Password());
        command.Subcommands.Add(Groups());
        return command;
    }

    private static Command Add()
    {
        var name = new Argument<string>("name") { Description = "User name / 用户名" };
        var role = new Option<string>("--role") { Description = "admin | editor | reader", Required = true };
        var groups = new Option<string?>("--groups") { Description = "Document groups, comma-separated / 文档分组" };
        var passwordStdin = new Option<bool>("--password-stdin") { Description = "Read a web sign-in password from the first line of stdin / 从标准输入读取密码" };
        Option<bool> json = CliOptions.Json();
        var command = new Command("add", "Create a user and print their API key (shown once) / 新建用户并打印 API key") { name, role, groups, passwordStdin, json };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            IUserStore users = await OpenUsersAsync(parseResult, cancellationToken);
            string? hash = parseResult.GetValue(passwordStdin) ? PasswordHashing.Hash(Console.In.ReadLine() ?? "") : null;
            UserInfo user = await users.CreateAsync(parseResult.GetValue(name)!, parseResult.GetValue(role)!,
                DocumentGroups.Parse(parseResult.GetValue(groups), "--groups"), cancellationToken);
            if (hash is not null)
            {
                await users.SetPasswordHashAsync(user.Id, hash, cancellationToken: cancellationToken);
            }

            PrintKey(user.Name, await users.IssueKeyAsync(user.Id, revokeOthers: false, cancellationToken: cancellationToken), parseResult.GetValue(json));
            return CliApp.Ok;
        });
        return command;
    }

    private static Command List()
    {
        Option<bool> json = CliOptions.Json();
        var command = new Command("list", "List users / 列出用户") { json };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            IUserStore users = await OpenUsersAsync(parseResult, cancellationToken);
            IReadOnlyList<UserInfo> all = await users.ListAsync(cancellationToken);
            var keys = new Dictionary<long, long>();
            foreach (UserInfo u in all)
            {
                keys[u.Id] = await users.CountKeysAsync(u.Id, cancellationToken);
            }

            if (parseResult.GetValue(json))
            {
                CliJson.Print(new
                {
                    users = all.Select(u => new { name = u.Name, role = u.Role, groups = u.Groups, disabled = u.Disabled, has_password = u.HasPassword, keys = keys[u.Id], created_at = u.CreatedAt }),
                });
                return CliApp.Ok;
            }

            var table = new Table().AddColumns("name", "role", "groups", "status", "password", "keys");
            foreach (UserInfo u in all)
            {
                table.AddRow(Markup.Escape(u.Name), u.Role, Markup.Escape(string.Join(',', u.Groups)), u.Disabled ? "disabled" : "active",
                    u.HasPassword ? "yes" : "no", keys[u.Id].ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            AnsiConsole.Write(table);
            return CliApp.Ok;
        });
        return command;
    }

    private static Command SetDisabled(string verb, bool disabled, string description)
    {
        var name = new Argument<string>("name");
        var command = new Command(verb, description) { name };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            IUserStore users = await OpenUsersAsync(parseResult, cancellationToken);
            UserInfo user = await FindAsync(users, parseResult.GetValue(name)!, cancellationToken);
            await users.SetDisabledAsync(user.Id, disabled, cancellationToken);
            Console.WriteLine(disabled ? $"disabled user '{user.Name}' / 已禁用" : $"enabled user '{user.Name}' / 已启用");
            return CliApp.Ok;
        });
        return command;
    }

    private static Command Key()
    {
        var name = new Argument<string>("name");
        var keep = new Option<bool>("--keep-old") { Description = "Keep the user's earlier keys valid / 保留旧 key" };
        Option<bool> json = CliOptions.Json();
        var command = new Command("key", "Issue a new API key (earlier ones are revoked unless --keep-old) / 签发新的 API key") { name, keep, json };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            IUserStore users = await OpenUsersAsync(parseResult, cancellationToken);
            UserInfo user = await FindAsync(users, parseResult.GetValue(name)!, cancellationToken);
            PrintKey(user.Name, await users.IssueKeyAsync(user.Id, revokeOthers: !parseResult.GetValue(keep), cancellationToken: cancellationToken),
                parseResult.GetValue(json));
            return CliApp.Ok;
        });
        return command;
    }

    private static Command Password()
    {
        var name = new Argument<string>("name");
        var passwordStdin = new Option<bool>("--password-stdin") { Description = "Read the password from the first line of stdin without asking twice (scripts) / 从标准输入读取一行密码" };
        var command = new Command("password", "Set a web sign-in password: asked twice without echo (or piped on stdin) / 设置登录密码（输入两次，不回显）") { name, passwordStdin };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            IUserStore users = await OpenUsersAsync(parseResult, cancellationToken);
            UserInfo user = await FindAsync(users, parseResult.GetValue(name)!, cancellationToken);
            string password = PasswordInput.ReadNew(onceFromStdin: parseResult.GetValue(passwordStdin));
            await users.SetPasswordHashAsync(user.Id, PasswordHashing.Hash(password), cancellationToken: cancellationToken);
            Console.WriteLine($"password set for '{user.Name}' / 密码已设置");
            return CliApp.Ok;
        });
        return command;
    }

    private static Command Groups()
    {
        var name = new Argument<string>("name");
        var groups = new Argument<string>("groups") { Description = "Comma-separated groups; \"\" for none / 分组，逗号分隔" };
        var command = new Command("groups", "Set the document groups a user belongs to / 设置用户所属分组") { name, groups };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            IUserStore users = await OpenUsersAsync(parseResult, cancellationToken);
            UserInfo user = await FindAsync(users, parseResult.GetValue(name)!, cancellationToken);
            IReadOnlyList<string> list = DocumentGroups.Parse(parseResult.GetValue(groups), "groups");
            await users.SetGroupsAsync(user.Id, list, cancellationToken);
            Console.WriteLine($"groups of '{user.Name}': {(list.Count == 0 ? "(none)" : string.Join(',', list))}");
            return CliApp.Ok;
        });
        return command;
    }

    private static async Task<IUserStore> OpenUsersAsync(ParseResult parseResult, CancellationToken cancellationToken) =>
        (await StoreSession.OpenStoreAsync(parseResult, cancellationToken).ConfigureAwait(false)).Users;

    private static async Task<UserInfo> FindAsync(IUserStore users, string name, CancellationToken cancellationToken) =>
        await users.FindAsync(name, cancellationToken) ?? throw ZhikuException.NotFound($"no user named '{name}'; list them with `zhiku user list` / 用户不存在");

    private static void PrintKey(string user, string key, bool json)
    {
        if (json)
        {
            CliJson.Print(new { user, api_key = key });
            return;
        }

        Console.WriteLine($"user: {user}");
        Console.WriteLine($"api key: {key}");
        Console.WriteLine("Keep the key now: it is shown only once (stored hashed). Send it as 'Authorization: Bearer KEY'. / 请立即保存，仅显示一次。");
    }
}
