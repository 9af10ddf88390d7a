namespace Zhiku.Core.Answering;

/// <summary>Why the model could not answer.</summary>
public enum LlmFailureKind
{
    Timeout,
    RateLimited,
    Unauthorized,
    ServerError,
    RequestRejected,
    Unreachable,
    MalformedResponse,
    EmptyResponse,
    ModelUnavailable,
    Unexpected,
}
