using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Zhiku.Core.Storage;

namespace Zhiku.Server.Hosting;

/// <summary>
/// The Data Protection key ring in the shared database (<see cref="ISharedKeyStore"/>), so a sign-in cookie or an
/// antiforgery token issued by one node is read by every node on the same database. Each key element is stored as its
/// XML text, encrypted under the store key when one is configured.
/// </summary>
internal sealed class SharedKeyXmlRepository(ISharedKeyStore keys) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements() => [.. keys.ReadDataProtectionKeys().Select(xml => XElement.Parse(xml))];

    public void StoreElement(XElement element, string friendlyName)
    {
        ArgumentNullException.ThrowIfNull(element);
        // Key elements are named key-GUID by the key manager; a missing name still gets a unique one.
        string name = string.IsNullOrWhiteSpace(friendlyName) ? "key-" + Guid.NewGuid().ToString("D") : friendlyName;
        keys.AddDataProtectionKey(name, element.ToString(SaveOptions.DisableFormatting));
    }
}
