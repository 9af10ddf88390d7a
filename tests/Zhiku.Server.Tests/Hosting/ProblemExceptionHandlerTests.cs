using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Zhiku.Core;
using Zhiku.Server.Hosting;

namespace Zhiku.Server.Tests.Hosting;

/// <summary>Each kind of Core failure reaches the client as its HTTP status with Core's message; an internal one is a
/// 500 that shows no internals.</summary>
public sealed class ProblemExceptionHandlerTests
{
    [Theory]
    [InlineData(ErrorKind.InvalidInput, 400, "bad_request")]
    [InlineData(ErrorKind.NotFound, 404, "not_found")]
    [InlineData(ErrorKind.Conflict, 409, "conflict")]
    [InlineData(ErrorKind.Forbidden, 403, "forbidden")]
    [InlineData(ErrorKind.Unavailable, 503, "unavailable")]
    public async Task A_kind_is_answered_with_its_status_and_the_message(ErrorKind kind, int status, string code)
    {
        (int actual, JsonElement body) = await HandleAsync(new ZhikuException(kind, "knowledge base 'hr': message / 消息", "hr"));

        Assert.Equal(status, actual);
        Assert.Equal(code, body.GetProperty("code").GetString());
        Assert.Equal("knowledge base 'hr': message / 消息", body.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task An_internal_error_is_a_500_without_its_message()
    {
        (int actual, JsonElement body) = await HandleAsync(new ZhikuException(ErrorKind.Internal, "secret internals at /srv/x"));

        Assert.Equal(500, actual);
        Assert.Equal("internal_error", body.GetProperty("code").GetString());
        Assert.DoesNotContain("secret", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    private static async Task<(int Status, JsonElement Body)> HandleAsync(Exception exception)
    {
        using ServiceProvider services = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider();
        var context = new DefaultHttpContext { RequestServices = services };
        context.Response.Body = new MemoryStream();
        var handler = new ProblemExceptionHandler(NullLogger<ProblemExceptionHandler>.Instance);

        Assert.True(await handler.TryHandleAsync(context, exception, CancellationToken.None));

        context.Response.Body.Position = 0;
        using JsonDocument json = await JsonDocument.ParseAsync(context.Response.Body);
        return (context.Response.StatusCode, json.RootElement.Clone());
    }
}
