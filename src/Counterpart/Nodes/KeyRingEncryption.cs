using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Counterpart.People;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.Extensions.DependencyInjection;

namespace Counterpart.Nodes;

/// <summary>
/// Protects the data-protection keys at rest (the rows of <c>DataProtectionKeys</c>): each key's XML is encrypted with
/// AES-256-GCM under a key derived (HKDF, its own label) from the personal-data master key — the secret every node already
/// holds outside the database and checks against it at start (ADR 4). A copy of the database alone therefore cannot
/// forge sign-in cookies or antiforgery tokens. The element names the personal-data key's id, so a node with another key
/// fails with a message saying so.
/// </summary>
public sealed class KeyRingEncryptor(PersonalDataKeySource source) : IXmlEncryptor
{
    internal const int NonceSize = 12;
    internal const int TagSize = 16;

    public EncryptedXmlInfo Encrypt(XElement plaintextElement)
    {
        ArgumentNullException.ThrowIfNull(plaintextElement);
        var master = source.Load();
        var keyId = PersonalDataKeys.KeyId(master);
        var plain = Encoding.UTF8.GetBytes(plaintextElement.ToString(SaveOptions.DisableFormatting));
        var output = new byte[NonceSize + TagSize + plain.Length];
        RandomNumberGenerator.Fill(output.AsSpan(0, NonceSize));
        using (var aes = new AesGcm(DeriveKey(master), TagSize))
        {
            aes.Encrypt(output.AsSpan(0, NonceSize), plain, output.AsSpan(NonceSize + TagSize), output.AsSpan(NonceSize, TagSize), Encoding.ASCII.GetBytes(keyId));
        }

        CryptographicOperations.ZeroMemory(plain);
        var element = new XElement("encryptedKey",
            new XComment(" AES-256-GCM under a key derived from Counterpart's personal-data key (ADR 16) "),
            new XAttribute("personalDataKeyId", keyId),
            new XElement("value", Convert.ToBase64String(output)));
        return new EncryptedXmlInfo(element, typeof(KeyRingDecryptor));
    }

    /// <summary>The key-ring encryption key: HKDF of the personal-data master key with a label of its own.</summary>
    internal static byte[] DeriveKey(byte[] master) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, master, 32, info: "counterpart/data-protection/key-ring"u8.ToArray());
}

/// <summary>Opens what <see cref="KeyRingEncryptor"/> wrote; created by data protection with the application's services.</summary>
public sealed class KeyRingDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement)
    {
        ArgumentNullException.ThrowIfNull(encryptedElement);
        var master = services.GetRequiredService<PersonalDataKeySource>().Load();
        var keyId = PersonalDataKeys.KeyId(master);
        var wanted = (string?)encryptedElement.Attribute("personalDataKeyId");
        if (wanted != keyId)
        {
            throw new CryptographicException(
                $"The data-protection key is encrypted under personal-data key {wanted}, this node has {keyId}: every node needs the database's personal-data key.");
        }

        var data = Convert.FromBase64String((string?)encryptedElement.Element("value") ?? "");
        if (data.Length < KeyRingEncryptor.NonceSize + KeyRingEncryptor.TagSize)
        {
            throw new CryptographicException("The encrypted data-protection key is truncated.");
        }

        var plain = new byte[data.Length - KeyRingEncryptor.NonceSize - KeyRingEncryptor.TagSize];
        using (var aes = new AesGcm(KeyRingEncryptor.DeriveKey(master), KeyRingEncryptor.TagSize))
        {
            aes.Decrypt(data.AsSpan(0, KeyRingEncryptor.NonceSize), data.AsSpan(KeyRingEncryptor.NonceSize + KeyRingEncryptor.TagSize),
                data.AsSpan(KeyRingEncryptor.NonceSize, KeyRingEncryptor.TagSize), plain, Encoding.ASCII.GetBytes(keyId));
        }

        try
        {
            return XElement.Parse(Encoding.UTF8.GetString(plain));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }
    }
}
