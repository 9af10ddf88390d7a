namespace Zhiku.TestSupport;

/// <summary>One scripted answer of <see cref="FakeOpenAIServer"/> to one chat-completions request.</summary>
public abstract record FakeReply
{
    /// <summary>A normal answer: a JSON completion, or SSE chunks when the request asked to stream.</summary>
    /// <param name="content">The assistant text.</param>
    /// <param name="model">The model id reported back.</param>
    /// <param name="chunkSize">Characters per streamed chunk.</param>
    public static FakeReply Text(string content, string model = "fake-model", int chunkSize = 3) => new TextReply(content, model, chunkSize);

    /// <summary>An HTTP error with an OpenAI-style error body, optionally with a <c>Retry-After</c> header (seconds).</summary>
    public static FakeReply Status(int status, int? retryAfterSeconds = null, string message = "scripted error") =>
        new StatusReply(status, retryAfterSeconds, message);

    /// <summary>Waits (until the client gives up or the delay ends), then sends <paramref name="then"/>.</summary>
    public static FakeReply Delay(TimeSpan delay, FakeReply? then = null) => new DelayReply(delay, then ?? Text("late answer [1]"));

    /// <summary>Answers 200 with this raw body as application/json (e.g. malformed JSON).</summary>
    public static FakeReply Raw(string body, string contentType = "application/json") => new RawReply(body, contentType);

    /// <summary>Streams <paramref name="firstPart"/> and then goes silent without closing the stream.</summary>
    public static FakeReply StallAfter(string firstPart) => new StallReply(firstPart);

    internal sealed record TextReply(string Content, string ModelId, int ChunkSize) : FakeReply;

    internal sealed record StatusReply(int StatusCode, int? RetryAfterSeconds, string Message) : FakeReply;

    internal sealed record DelayReply(TimeSpan Wait, FakeReply Then) : FakeReply;

    internal sealed record RawReply(string Body, string ContentType) : FakeReply;

    internal sealed record StallReply(string FirstPart) : FakeReply;
}
