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
        command.SetAction(parseResult =>
        {
            UserStore users = OpenUsers(parseResult);
            string? hash = parseResult.GetValue(passwordStdin) ? PasswordHashing.Hash(Console.In.ReadLine() ?? "") : null;
            UserInfo user = users.Create(parseResult.GetValue(name)!, parseResult.GetValue(role)!, DocumentGroups.Parse(parseResult.GetValue(groups), "--groups"));
            if (hash is not null)
            {
                users.SetPasswordHash(user.Id, hash);
            }

            PrintKey(user.Name, users.IssueKey(user.Id, revokeOthers: false), parseResult.GetValue(json));
            return CliApp.Ok;
        });
        return command;
    }

    private static Command List()
    {
        Option<bool> json = CliOptions.Json();
        var command = new Command("list", "List users / 列出用户") { json };
        command.SetAction(parseResult =>
        {
            UserStore users = OpenUsers(parseResult);
            IReadOnlyList<UserInfo> all = users.List();
            if (parseResult.GetValue(json))
            {
                CliJson.Print(new
                {
                    users = all.Select(u => new { name = u.Name, role = u.Role, groups = u.Groups, disabled = u.Disabled, has_password = u.HasPassword, keys = users.CountKeys(u.Id), created_at = u.CreatedAt }),
                });
                return CliApp.Ok;
            }

            var table = new Table().AddColumns("name", "role", "groups", "status", "password", "keys");
            foreach (UserInfo u in all)
            {
                table.AddRow(Markup.Escape(u.Name), u.Role, Markup.Escape(string.Join(',', u.Groups)), u.Disabled ? "disabled" : "active",
                    u.HasPassword ? "yes" : "no", users.CountKeys(u.Id).ToString(System.Globalization.CultureInfo.InvariantCulture));
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
        command.SetAction(parseResult =>
        {
            UserStore users = OpenUsers(parseResult);
            UserInfo user = Find(users, parseResult.GetValue(name)!);
            users.SetDisabled(user.Id, disabled);
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
        command.SetAction(parseResult =>
        {
            UserStore users = OpenUsers(parseResult);
            UserInfo user = Find(users, parseResult.GetValue(name)!);
            PrintKey(user.Name, users.IssueKey(user.Id, revokeOthers: !parseResult.GetValue(keep)), parseResult.GetValue(json));
            return CliApp.Ok;
        });
        return command;
    }

    private static Command Password()
    {
        var name = new Argument<string>("name");
        var passwordStdin = new Option<bool>("--password-stdin") { Description = "Read the password from the first line of stdin without asking twice (scripts) / 从标准输入读取一行密码" };
        var command = new Command("password", "Set a web sign-in password: asked twice without echo (or piped on stdin) / 设置登录密码（输入两次，不回显）") { name, passwordStdin };
        command.SetAction(parseResult =>
        {
            UserStore users = OpenUsers(parseResult);
            UserInfo user = Find(users, parseResult.GetValue(name)!);
            string password = PasswordInput.ReadNew(onceFromStdin: parseResult.GetValue(passwordStdin));
            users.SetPasswordHash(user.Id, PasswordHashing.Hash(password));
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
        command.SetAction(parseResult =>
        {
            UserStore users = OpenUsers(parseResult);
            UserInfo user = Find(users, parseResult.GetValue(name)!);
            IReadOnlyList<string> list = DocumentGroups.Parse(parseResult.GetValue(groups), "groups");
            users.SetGroups(user.Id, list);
            Console.WriteLine($"groups of '{user.Name}': {(list.Count == 0 ? "(none)" : string.Join(',', list))}");
            return CliApp.Ok;
        });
        return command;
    }

    private static UserStore OpenUsers(ParseResult parseResult) => new(StoreSession.OpenStore(parseResult).Metadata);

    private static UserInfo Find(UserStore users, string name) =>
        users.Find(name) ?? throw ZhikuException.NotFound($"no user named '{name}'; list them with `zhiku user list` / 用户不存在");

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
