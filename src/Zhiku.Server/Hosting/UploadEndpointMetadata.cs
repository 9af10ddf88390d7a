namespace Zhiku.Server.Hosting;

/// <summary>Marks an endpoint that takes a multipart upload (it gets the upload size limit, not the JSON one).</summary>
public sealed class UploadEndpointMetadata
{
    public static UploadEndpointMetadata Instance { get; } = new();
}
