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
        session.MapPost("/me/keys", IssueOwnKey).WithSummary("Issue yourself a new API key (earlier keys stay valid), shown once");
        session.MapGet("/me/events", OwnEvents).WithSummary("What was done to your account (keys or passwords an admin issued, sign-outs everywhere)");

        RouteGroupBuilder users = app.MapGroup("/api/users").WithTags("Session and users").RequireAuthorization(p => p.RequireRole(UserRole.Admin));
        users.MapGet("/", List).WithSummary("All users (admin)");
        users.MapPost("/", Create).WithSummary("Create a user and issue their first API key, shown once (admin)");
        users.MapPatch("/{name}", Update).WithSummary("Change role, groups, password, or disable (admin)");
        users.MapPost("/{name}/keys", IssueKey).WithSummary("Issue a new API key and revoke the old ones (admin; audited; the key does not open the user's personal knowledge bases)");
        users.MapGet("/{name}/events", Events).WithSummary("A user's account events (admin)");
        return app;
    }

    private static async Task<Results<Ok<MeResponse>, ProblemHttpResult>> SignIn(SignInRequest request, HttpContext context, ServerStore store, SignInThrottle throttle,
        CancellationToken cancellationToken)
    {
        string account = request.User ?? "";
        string address = context.Connection.RemoteIpAddress?.ToString() ?? "";
        if (throttle.RetryAfter(account, address) is TimeSpan wait)
        {
            int seconds = (int)Math.Ceiling(wait.TotalSeconds);
            context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return ApiProblems.Create(429, "sign_in_throttled",
                $"too many failed sign-ins for this user or from this address; wait {seconds} s and retry / 登录失败次数过多，请 {seconds} 秒后再试");
        }

        UserInfo? user = await store.Users.FindAsync(account, cancellationToken).ConfigureAwait(false);
        string? hash = user is null ? null : await store.Users.GetPasswordHashAsync(user.Id, cancellationToken).ConfigureAwait(false);
        bool ok = PasswordHashing.Verify(hash, request.Password ?? "");
        bool opensPersonal = ok && user is not null && await store.Users.PasswordOpensPersonalAsync(user.Id, cancellationToken).ConfigureAwait(false);
        if (!ok && user is not null && await store.Users.FindByKeyAsync(request.Password ?? "", cancellationToken).ConfigureAwait(false) is { } keyUser
            && keyUser.Id == user.Id)
        {
            ok = true;
            opensPersonal = keyUser.OpensPersonal;
        }

        if (!ok || user is null || user.Disabled)
        {
            throttle.Failed(account, address);
            return ApiProblems.Create(401, "sign_in_failed", "wrong user name or password / 用户名或密码错误");
        }

        throttle.Succeeded(account);
        await StartSessionAsync(context, store, user, opensPersonal, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(Describe(user));
    }

    private static async Task<NoContent> SignOut(HttpContext context, ServerStore store, CancellationToken cancellationToken)
    {
        if (UserPrincipal.Session(context.User) is string session)
        {
            await store.Users.EndSessionAsync(session, cancellationToken).ConfigureAwait(false);
        }

        await context.SignOutAsync(AuthSchemes.Cookie).ConfigureAwait(false);
        return TypedResults.NoContent();
    }

    private static Ok<MeResponse> Me(HttpContext context) => TypedResults.Ok(Describe(EndpointUser.Get(context)));

    private static async Task<Results<NoContent, ProblemHttpResult>> ChangePassword(ChangePasswordRequest request, HttpContext context, ServerStore store,
        CancellationToken cancellationToken)
    {
        UserInfo user = EndpointUser.Get(context);
        string? hash = await store.Users.GetPasswordHashAsync(user.Id, cancellationToken).ConfigureAwait(false);
        bool byPassword = PasswordHashing.Verify(hash, request.Current ?? "");
        bool byKey = !byPassword && hash is null && (await store.Users.FindByKeyAsync(request.Current ?? "", cancellationToken).ConfigureAwait(false))?.Id == user.Id;
        if (!byPassword && !byKey)
        {
            return ApiProblems.BadRequest("field 'current': wrong current password / 当前密码错误");
        }

        // A password chosen through a credential an admin minted does not open personal knowledge bases either.
        bool opensPersonal = byPassword || user.OpensPersonal;
        await store.Users.SetPasswordHashAsync(user.Id, PasswordHashing.Hash(request.Password ?? ""), opensPersonal, cancellationToken).ConfigureAwait(false);

        // Every session of the user has ended; the browser that changed the password gets a fresh one.
        if (UserPrincipal.Session(context.User) is not null)
        {
            await StartSessionAsync(context, store, user, opensPersonal, cancellationToken).ConfigureAwait(false);
        }

        return TypedResults.NoContent();
    }

    private static async Task<Ok<NewKeyResponse>> IssueOwnKey(HttpContext context, ServerStore store, CancellationToken cancellationToken)
    {
        UserInfo user = EndpointUser.Get(context);
        string key = await store.Users.IssueKeyAsync(user.Id, revokeOthers: false, opensPersonal: user.OpensPersonal, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(new NewKeyResponse(user.Name, key));
    }

    private static async Task<Ok<AccountEventListResponse>> OwnEvents(HttpContext context, ServerStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(await DescribeEventsAsync(store, EndpointUser.Get(context), cancellationToken).ConfigureAwait(false));

    private static async Task<Results<Ok<AccountEventListResponse>, ProblemHttpResult>> Events(string name, ServerStore store, CancellationToken cancellationToken) =>
        await store.Users.FindAsync(name, cancellationToken).ConfigureAwait(false) is { } user
            ? TypedResults.Ok(await DescribeEventsAsync(store, user, cancellationToken).ConfigureAwait(false))
            : ApiProblems.NotFound($"user '{name}'", "user_not_found");

    private static async Task<AccountEventListResponse> DescribeEventsAsync(ServerStore store, UserInfo user, CancellationToken cancellationToken) =>
        new(user.Name, (await store.Users.ListEventsAsync(user.Id, cancellationToken: cancellationToken).ConfigureAwait(false))
            .Select(e => new AccountEventResponse(e.Time, e.Actor, e.Action)).ToList());

    private static async Task StartSessionAsync(HttpContext context, ServerStore store, UserInfo user, bool opensPersonal, CancellationToken cancellationToken)
    {
        string session = await store.Users.StartSessionAsync(user.Id, opensPersonal, cancellationToken).ConfigureAwait(false);
        await context.SignInAsync(AuthSchemes.Cookie, UserPrincipal.Create(user, AuthSchemes.Cookie, session)).ConfigureAwait(false);
    }

    private static async Task<Ok<UserListResponse>> List(ServerStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(new UserListResponse((await store.Users.ListAsync(cancellationToken).ConfigureAwait(false)).Select(DescribeForAdmin).ToList()));

    private static async Task<Results<Created<NewKeyResponse>, ProblemHttpResult>> Create(CreateUserRequest request, HttpContext context, ServerStore store,
        CancellationToken cancellationToken)
    {
        UserInfo admin = EndpointUser.Get(context);
        if (await store.Users.FindAsync(request.Name ?? "", cancellationToken).ConfigureAwait(false) is not null)
        {
            return ApiProblems.Conflict($"user '{request.Name}' already exists / 用户已存在");
        }

        string? hash = string.IsNullOrEmpty(request.Password) ? null : PasswordHashing.Hash(request.Password);
        UserInfo user = await store.Users.CreateAsync(request.Name ?? "", request.Role ?? "", DocumentGroups.Normalize(request.Groups ?? [], "groups"),
            cancellationToken).ConfigureAwait(false);
        // The admin chose these credentials, so they do not open the new user's personal knowledge bases.
        if (hash is not null)
        {
            await store.Users.SetPasswordHashAsync(user.Id, hash, opensPersonal: false, cancellationToken).ConfigureAwait(false);
            await store.Users.RecordEventAsync(admin.Id, user.Id, "password_set_by_admin", cancellationToken).ConfigureAwait(false);
        }

        string key = await store.Users.IssueKeyAsync(user.Id, revokeOthers: false, opensPersonal: false, cancellationToken).ConfigureAwait(false);
        await store.Users.RecordEventAsync(admin.Id, user.Id, "key_issued_by_admin", cancellationToken).ConfigureAwait(false);
        return TypedResults.Created($"/api/users/{Uri.EscapeDataString(user.Name)}", new NewKeyResponse(user.Name, key));
    }

    private static async Task<Results<Ok<UserResponse>, ProblemHttpResult>> Update(string name, UpdateUserRequest request, HttpContext context, ServerStore store,
        CancellationToken cancellationToken)
    {
        UserInfo? user = await store.Users.FindAsync(name, cancellationToken).ConfigureAwait(false);
        if (user is null)
        {
            return ApiProblems.NotFound($"user '{name}'", "user_not_found");
        }

        UserInfo admin = EndpointUser.Get(context);
        if (user.Id == admin.Id && (request.Disabled == true || (request.Role is not null && request.Role != UserRole.Admin)))
        {
            return ApiProblems.BadRequest("you cannot disable yourself or take away your own admin role / 不能禁用自己或取消自己的管理员角色");
        }

        if (request.Password is not null)
        {
            bool own = user.Id == admin.Id && admin.OpensPersonal;
            await store.Users.SetPasswordHashAsync(user.Id, request.Password.Length == 0 ? null : PasswordHashing.Hash(request.Password), opensPersonal: own,
                cancellationToken).ConfigureAwait(false);
            if (!own)
            {
                await store.Users.RecordEventAsync(admin.Id, user.Id, request.Password.Length == 0 ? "password_removed_by_admin" : "password_set_by_admin",
                    cancellationToken).ConfigureAwait(false);
            }
        }

        if (request.Role is not null)
        {
            await store.Users.SetRoleAsync(user.Id, request.Role, cancellationToken).ConfigureAwait(false);
        }

        if (request.Groups is not null)
        {
            await store.Users.SetGroupsAsync(user.Id, DocumentGroups.Normalize(request.Groups, "groups"), cancellationToken).ConfigureAwait(false);
        }

        if (request.Disabled is bool disabled)
        {
            await store.Users.SetDisabledAsync(user.Id, disabled, cancellationToken).ConfigureAwait(false);
            await store.Users.RecordEventAsync(admin.Id, user.Id, disabled ? "disabled_by_admin" : "enabled_by_admin", cancellationToken).ConfigureAwait(false);
        }

        return TypedResults.Ok(DescribeForAdmin((await store.Users.GetAsync(user.Id, cancellationToken).ConfigureAwait(false))!));
    }

    private static async Task<Results<Ok<NewKeyResponse>, ProblemHttpResult>> IssueKey(string name, HttpContext context, ServerStore store,
        CancellationToken cancellationToken)
    {
        UserInfo? user = await store.Users.FindAsync(name, cancellationToken).ConfigureAwait(false);
        if (user is null)
        {
            return ApiProblems.NotFound($"user '{name}'", "user_not_found");
        }

        // Rotation ends the user's sessions; a key minted for someone else is recorded and does not open their
        // personal knowledge bases (an admin's own key rotation keeps its reach).
        UserInfo admin = EndpointUser.Get(context);
        bool own = user.Id == admin.Id && admin.OpensPersonal;
        string key = await store.Users.IssueKeyAsync(user.Id, revokeOthers: true, opensPersonal: own, cancellationToken).ConfigureAwait(false);
        await store.Users.RecordEventAsync(admin.Id, user.Id, own ? "key_rotated" : "key_issued_by_admin", cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(new NewKeyResponse(user.Name, key));
    }

    private static MeResponse Describe(UserInfo user) => new(user.Name, user.Role, user.Groups, user.HasPassword);

    private static UserResponse DescribeForAdmin(UserInfo u) => new(u.Name, u.Role, u.Groups, u.Disabled, u.HasPassword, u.CreatedAt);
}
