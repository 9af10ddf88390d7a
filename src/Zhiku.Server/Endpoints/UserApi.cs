using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Zhiku.Core;
using Zhiku.Core.Access;
using Zhiku.Server.Auth;
using Zhiku.Server.Contracts;
using Zhiku.Server.Services;

namespace Zhiku.Server.Endpoints;

/// <summary>Sign-in for the web UI, the caller's own account, and user management for admins.</summary>
public static class UserApi
{
    public static IEndpointRouteBuilder MapUserApi(this IEndpointRouteBuilder app)
    {
        RouteGroupBuilder session = app.MapGroup("/api").WithTags("Session and users");
        session.MapPost("/session", SignIn).AllowAnonymous().WithSummary("Sign in with name and password (or an API key); sets the session cookie");
        session.MapDelete("/session", (Delegate)SignOut).WithSummary("Sign out");
        session.MapGet("/me", Me).WithSummary("Who you are");
        session.MapPut("/me/password", ChangePassword).WithSummary("Set or change your password");

        RouteGroupBuilder users = app.MapGroup("/api/users").WithTags("Session and users").RequireAuthorization(p => p.RequireRole(UserRole.Admin));
        users.MapGet("/", List).WithSummary("All users (admin)");
        users.MapPost("/", Create).WithSummary("Create a user and issue their first API key, shown once (admin)");
        users.MapPatch("/{name}", Update).WithSummary("Change role, groups, password, or disable (admin)");
        users.MapPost("/{name}/keys", IssueKey).WithSummary("Issue a new API key and revoke the old ones (admin)");
        return app;
    }

    private static async Task<Results<Ok<MeResponse>, ProblemHttpResult>> SignIn(SignInRequest request, HttpContext context, ServerStore store)
    {
        UserInfo? user = store.Users.Find(request.User ?? "");
        string? hash = user is null ? null : store.Users.GetPasswordHash(user.Id);
        bool ok = PasswordHashing.Verify(hash, request.Password ?? "");
        if (!ok && user is not null && store.Users.FindByKey(request.Password ?? "")?.Id == user.Id)
        {
            ok = true;
        }

        if (!ok || user is null || user.Disabled)
        {
            return ApiProblems.Create(401, "sign_in_failed", "wrong user name or password / 用户名或密码错误");
        }

        await context.SignInAsync(AuthSchemes.Cookie, UserPrincipal.Create(user, AuthSchemes.Cookie)).ConfigureAwait(false);
        return TypedResults.Ok(Describe(user));
    }

    private static async Task<NoContent> SignOut(HttpContext context)
    {
        await context.SignOutAsync(AuthSchemes.Cookie).ConfigureAwait(false);
        return TypedResults.NoContent();
    }

    private static Ok<MeResponse> Me(HttpContext context) => TypedResults.Ok(Describe(EndpointUser.Get(context)));

    private static Results<NoContent, ProblemHttpResult> ChangePassword(ChangePasswordRequest request, HttpContext context, ServerStore store)
    {
        UserInfo user = EndpointUser.Get(context);
        string? hash = store.Users.GetPasswordHash(user.Id);
        bool current = PasswordHashing.Verify(hash, request.Current ?? "") || (hash is null && store.Users.FindByKey(request.Current ?? "")?.Id == user.Id);
        if (!current)
        {
            return ApiProblems.BadRequest("field 'current': wrong current password / 当前密码错误");
        }

        store.Users.SetPasswordHash(user.Id, PasswordHashing.Hash(request.Password ?? ""));
        return TypedResults.NoContent();
    }

    private static Ok<UserListResponse> List(ServerStore store) =>
        TypedResults.Ok(new UserListResponse(store.Users.List().Select(DescribeForAdmin).ToList()));

    private static Results<Created<NewKeyResponse>, ProblemHttpResult> Create(CreateUserRequest request, ServerStore store)
    {
        if (store.Users.Find(request.Name ?? "") is not null)
        {
            return ApiProblems.Conflict($"user '{request.Name}' already exists / 用户已存在");
        }

        string? hash = string.IsNullOrEmpty(request.Password) ? null : PasswordHashing.Hash(request.Password);
        UserInfo user = store.Users.Create(request.Name ?? "", request.Role ?? "", DocumentGroups.Normalize(request.Groups ?? [], "groups"));
        if (hash is not null)
        {
            store.Users.SetPasswordHash(user.Id, hash);
        }

        string key = store.Users.IssueKey(user.Id, revokeOthers: false);
        return TypedResults.Created($"/api/users/{Uri.EscapeDataString(user.Name)}", new NewKeyResponse(user.Name, key));
    }

    private static Results<Ok<UserResponse>, ProblemHttpResult> Update(string name, UpdateUserRequest request, HttpContext context, ServerStore store)
    {
        UserInfo? user = store.Users.Find(name);
        if (user is null)
        {
            return ApiProblems.NotFound($"user '{name}'", "user_not_found");
        }

        if (user.Id == EndpointUser.Get(context).Id && (request.Disabled == true || (request.Role is not null && request.Role != UserRole.Admin)))
        {
            return ApiProblems.BadRequest("you cannot disable yourself or take away your own admin role / 不能禁用自己或取消自己的管理员角色");
        }

        if (request.Password is not null)
        {
            store.Users.SetPasswordHash(user.Id, request.Password.Length == 0 ? null : PasswordHashing.Hash(request.Password));
        }

        if (request.Role is not null)
        {
            store.Users.SetRole(user.Id, request.Role);
        }

        if (request.Groups is not null)
        {
            store.Users.SetGroups(user.Id, DocumentGroups.Normalize(request.Groups, "groups"));
        }

        if (request.Disabled is bool disabled)
        {
            store.Users.SetDisabled(user.Id, disabled);
        }

        return TypedResults.Ok(DescribeForAdmin(store.Users.Get(user.Id)!));
    }

    private static Results<Ok<NewKeyResponse>, ProblemHttpResult> IssueKey(string name, ServerStore store)
    {
        UserInfo? user = store.Users.Find(name);
        return user is null
            ? ApiProblems.NotFound($"user '{name}'", "user_not_found")
            : TypedResults.Ok(new NewKeyResponse(user.Name, store.Users.IssueKey(user.Id, revokeOthers: true)));
    }

    private static MeResponse Describe(UserInfo user) => new(user.Name, user.Role, user.Groups, user.HasPassword);

    private static UserResponse DescribeForAdmin(UserInfo u) => new(u.Name, u.Role, u.Groups, u.Disabled, u.HasPassword, u.CreatedAt);
}
