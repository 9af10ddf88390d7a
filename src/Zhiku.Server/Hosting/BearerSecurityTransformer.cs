using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Zhiku.Server.Hosting;

/// <summary>Declares the API key (<c>Authorization: Bearer KEY</c>) in the OpenAPI document so reference pages offer it.</summary>
internal sealed class BearerSecurityTransformer : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info.Title = "Zhiku 知库 API";
        document.Info.Description = "Knowledge bases, documents, search and ask with citations, jobs, users; OpenAI-compatible /v1 and MCP at /mcp. "
            + "Send 'Authorization: Bearer KEY' (zhiku user key NAME).";
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes["bearer"] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "An API key from `zhiku user add` or `zhiku user key`.",
        };
        document.Security ??= [];
        document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("bearer", document)] = [] });
        return Task.CompletedTask;
    }
}
