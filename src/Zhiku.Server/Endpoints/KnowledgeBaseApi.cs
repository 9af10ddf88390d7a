using Microsoft.AspNetCore.Http.HttpResults;
using Zhiku.Core.Access;
using Zhiku.Core.Storage;
using Zhiku.Server.Contracts;
using Zhiku.Server.Services;

namespace Zhiku.Server.Endpoints;

/// <summary>Knowledge bases: create, list, show, configure, delete, and their access lists.</summary>
public static class KnowledgeBaseApi
{
    private static readonly string[] SettingKeys = ["description", "prompt_template", "provider"];

    public static RouteGroupBuilder MapKnowledgeBaseApi(this IEndpointRouteBuilder app)
    {
        RouteGroupBuilder group = app.MapGroup("/api/kbs").WithTags("Knowledge bases");
        group.MapGet("/", List).WithSummary("Knowledge bases you can read");
        group.MapPost("/", Create).WithSummary("Create a knowledge base (personal: only you see it)");
        group.MapGet("/{kb}", Get).RequireKbRole(KbRole.Reader).WithSummary("One knowledge base");
        group.MapPatch("/{kb}", Update).RequireKbRole(KbRole.Owner).WithSummary("Configure policy, prompt template, provider, description (owner or admin)");
        group.MapDelete("/{kb}", Delete).RequireKbRole(KbRole.Owner).WithSummary("Delete a knowledge base and its documents (owner or admin)");
        group.MapGet("/{kb}/access", GetAccess).RequireKbRole(KbRole.Reader).WithSummary("Who has access");
        group.MapPut("/{kb}/access", SetAccess).RequireKbRole(KbRole.Editor).WithSummary("Give a user (or \"*\": everyone) the reader or editor role, or none");
        return group;
    }

    private static async Task<Ok<KnowledgeBaseListResponse>> List(HttpContext context, KnowledgeBaseGate gate, ServerStore store)
    {
        UserInfo user = EndpointUser.Get(context);
        var kbs = (await gate.VisibleOverviewsAsync(user, context.RequestAborted).ConfigureAwait(false)).Select(o => new KnowledgeBaseResponse(o.Info.Name, o.Info.Policy, o.Ownership.Personal, o.OwnerName,
            RoleName(o.Role), o.ReadableDocuments, o.Info.CreatedAt,
            o.Settings.Where(kv => SettingKeys.Contains(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value))).ToList();
        return TypedResults.Ok(new KnowledgeBaseListResponse(kbs));
    }

    private static async Task<Results<Created<KnowledgeBaseResponse>, ProblemHttpResult>> Create(CreateKnowledgeBaseRequest request, HttpContext context,
        KnowledgeBaseGate gate, ServerStore store, CancellationToken cancellationToken)
    {
        UserInfo user = EndpointUser.Get(context);
        if (!request.Personal && user.Role == UserRole.Reader)
        {
            return ApiProblems.Forbidden("creating a shared knowledge base (readers may create personal ones: \"personal\": true)");
        }

        // A personal knowledge base lives in its owner's namespace: only names the caller can already see collide.
        // A shared one needs a name no shared knowledge base has.
        string name = request.Name ?? "";
        if (await gate.IsTakenAsync(user, name, cancellationToken).ConfigureAwait(false) || (!request.Personal && await store.KnowledgeBases.FindAsync(name, cancellationToken).ConfigureAwait(false) is not null))
        {
            return ApiProblems.Conflict($"name '{request.Name}' is taken; choose another / 名称已被使用");
        }

        string policy = request.Policy ?? DataPolicy.Cloud;
        KnowledgeBaseInfo stored = request.Personal
            ? await store.Store.CreatePersonalKnowledgeBaseAsync(user.Id, name, policy, cancellationToken).ConfigureAwait(false)
            : await store.Store.CreateKnowledgeBaseAsync(name, policy, cancellationToken).ConfigureAwait(false);
        await store.Access.SetOwnerAsync(stored.Id, user.Id, request.Personal, cancellationToken).ConfigureAwait(false);
        KnowledgeBaseInfo info = KnowledgeBaseGate.Shown(stored);
        if (!string.IsNullOrWhiteSpace(request.Description))
        {
            await store.Access.SetSettingAsync(info.Id, "description", request.Description.Trim(), cancellationToken).ConfigureAwait(false);
        }

        return TypedResults.Created($"/api/kbs/{Uri.EscapeDataString(info.Name)}", await DescribeAsync(store, info, KbRole.Owner, user, cancellationToken).ConfigureAwait(false));
    }

    private static async Task<Results<Ok<KnowledgeBaseResponse>, ProblemHttpResult>> Get(string kb, HttpContext context, ServerStore store,
        CancellationToken cancellationToken)
    {
        KbAccess access = KbAccessFilter.Access(context);
        return TypedResults.Ok(await DescribeAsync(store, access.Info, access.Role, access.User, cancellationToken).ConfigureAwait(false));
    }

    private static async Task<Results<Ok<KnowledgeBaseResponse>, ProblemHttpResult>> Update(string kb, UpdateKnowledgeBaseRequest request, HttpContext context,
        ServerStore store, CancellationToken cancellationToken)
    {
        UserInfo user = EndpointUser.Get(context);
        KbAccess access = KbAccessFilter.Access(context);

        // A template or provider that would break answering is refused here (400 naming the field), not at the next question.
        string? template = string.IsNullOrWhiteSpace(request.PromptTemplate) ? null : request.PromptTemplate.Trim();
        string? provider = string.IsNullOrWhiteSpace(request.Provider) ? null : request.Provider.Trim();
        if (template is not null)
        {
            _ = Zhiku.Core.Answering.Prompting.PromptTemplate.Parse(template, "prompt_template");
        }

        if (provider is not null)
        {
            _ = store.Store.Configuration.Current
                .ResolveFor(access.Info.Name, new Zhiku.Core.Configuration.StoredKnowledgeBaseSettings(provider, null));
        }

        if (request.Policy is not null)
        {
            await store.KnowledgeBases.SetPolicyAsync(access.Info.Id, DataPolicy.Parse(request.Policy, "policy"), cancellationToken).ConfigureAwait(false);
        }

        foreach ((string key, string? value) in new[] { ("description", request.Description), ("prompt_template", request.PromptTemplate), ("provider", request.Provider) })
        {
            if (value is not null)
            {
                await store.Access.SetSettingAsync(access.Info.Id, key, string.IsNullOrWhiteSpace(value) ? null : value.Trim(), cancellationToken).ConfigureAwait(false);
            }
        }

        KnowledgeBaseInfo updated = (await store.KnowledgeBases.ListAsync(cancellationToken).ConfigureAwait(false)).FirstOrDefault(k => k.Id == access.Info.Id) is { } fresh
            ? KnowledgeBaseGate.Shown(fresh)
            : access.Info;
        return TypedResults.Ok(await DescribeAsync(store, updated, access.Role, user, cancellationToken).ConfigureAwait(false));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(string kb, HttpContext context, KnowledgeBaseRegistry registry)
    {
        KbAccess access = KbAccessFilter.Access(context);

        await registry.DeleteAsync(access.Info, context.RequestAborted).ConfigureAwait(false);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<AccessListResponse>, ProblemHttpResult>> GetAccess(string kb, HttpContext context, ServerStore store,
        CancellationToken cancellationToken)
    {
        KbAccess access = KbAccessFilter.Access(context);

        return TypedResults.Ok(await AccessListAsync(store, access.Info.Id, cancellationToken).ConfigureAwait(false));
    }

    private static async Task<Results<Ok<AccessListResponse>, ProblemHttpResult>> SetAccess(string kb, AccessRequest request, HttpContext context, ServerStore store,
        CancellationToken cancellationToken)
    {
        KbAccess access = KbAccessFilter.Access(context);

        KbOwnership ownership = await store.Access.GetOwnershipAsync(access.Info.Id, cancellationToken).ConfigureAwait(false);
        if (ownership.Personal)
        {
            return ApiProblems.BadRequest("a personal knowledge base cannot be shared / 个人知识库不能共享");
        }

        KbRole role = (request.Role ?? "").Trim().ToLowerInvariant() switch
        {
            "reader" => KbRole.Reader,
            "editor" => KbRole.Editor,
            "none" => KbRole.None,
            _ => (KbRole)(-1),
        };
        if ((int)role < 0)
        {
            return ApiProblems.BadRequest($"field 'role': unknown role '{request.Role}'; use reader, editor or none / 角色须为 reader、editor 或 none");
        }

        long? userId = null;
        if (request.User != IKnowledgeBaseAccessStore.Everyone)
        {
            UserInfo? target = await store.Users.FindAsync(request.User ?? "", cancellationToken).ConfigureAwait(false);
            if (target is null)
            {
                return ApiProblems.BadRequest($"field 'user': no user named '{request.User}' / 用户不存在", "user_not_found");
            }

            if (target.Id == ownership.OwnerId)
            {
                return ApiProblems.BadRequest("field 'user': the owner always has full access / 所有者始终拥有全部权限");
            }

            userId = target.Id;
        }

        await store.Access.SetAccessAsync(access.Info.Id, userId, role, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(await AccessListAsync(store, access.Info.Id, cancellationToken).ConfigureAwait(false));
    }

    internal static async Task<KnowledgeBaseResponse> DescribeAsync(ServerStore store, KnowledgeBaseInfo info, KbRole role, UserInfo user,
        CancellationToken cancellationToken)
    {
        KbOwnership ownership = await store.Access.GetOwnershipAsync(info.Id, cancellationToken).ConfigureAwait(false);
        string? owner = ownership.OwnerId is long id ? (await store.Users.GetAsync(id, cancellationToken).ConfigureAwait(false))?.Name : null;
        long total = (await store.Store.Documents.CountAsync(info.Id, cancellationToken).ConfigureAwait(false)).Documents;
        long readable = total - (await store.Store.Groups.GetUnreadableDocumentsAsync(info.Id, user.ReadAccess, cancellationToken).ConfigureAwait(false)).Count;
        var settings = (await store.Access.GetSettingsAsync(info.Id, cancellationToken).ConfigureAwait(false)).Where(kv => SettingKeys.Contains(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value);
        return new KnowledgeBaseResponse(info.Name, info.Policy, ownership.Personal, owner, RoleName(role), readable, info.CreatedAt, settings);
    }

    internal static string RoleName(KbRole role) => role switch
    {
        KbRole.Owner => "owner",
        KbRole.Editor => "editor",
        KbRole.Reader => "reader",
        _ => "none",
    };

    private static async Task<AccessListResponse> AccessListAsync(ServerStore store, long kbId, CancellationToken cancellationToken)
    {
        KbOwnership ownership = await store.Access.GetOwnershipAsync(kbId, cancellationToken).ConfigureAwait(false);
        string? owner = ownership.OwnerId is long id ? (await store.Users.GetAsync(id, cancellationToken).ConfigureAwait(false))?.Name : null;
        var entries = (await store.Access.ListAccessAsync(kbId, cancellationToken).ConfigureAwait(false)).Select(e => new AccessEntryResponse(e.User, RoleName(e.Role))).ToList();
        return new AccessListResponse(owner, ownership.Personal, entries);
    }
}
