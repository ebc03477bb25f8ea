using System.Security.Cryptography;
using System.Text;

namespace Counterpart.People;

/// <summary>
/// Encrypts personal data at rest. One master key (32 bytes) yields, through HKDF, an encryption key for
/// AES-GCM and a separate key for the lookup hash, so the hash cannot be used to decrypt.
/// </summary>
public sealed class PersonalDataProtector : IDisposable
{
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private readonly byte[] encryptionKey;
    private readonly byte[] hashKey;

    /// <summary>One cipher per thread: setting a key up costs more than encrypting an ID number, and AesGcm is not thread-safe.</summary>
    private readonly ThreadLocal<AesGcm> aesGcm;

    public PersonalDataProtector(byte[] masterKey)
    {
        ArgumentNullException.ThrowIfNull(masterKey);
        if (masterKey.Length < 32)
        {
            throw new ArgumentException("The personal-data key must be at least 32 bytes.", nameof(masterKey));
        }

        KeyId = PersonalDataKeys.KeyId(masterKey);
        encryptionKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, masterKey, 32, info: "counterpart/personal-data/aes-gcm"u8.ToArray());
        hashKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, masterKey, 32, info: "counterpart/personal-data/lookup-hash"u8.ToArray());
        aesGcm = new ThreadLocal<AesGcm>(() => new AesGcm(encryptionKey, TagSize), trackAllValues: true);
    }

    /// <summary>The id of the master key this protector was made from (see <see cref="PersonalDataKeys.KeyId"/>): what the readiness check and the key ring compare with the database's.</summary>
    public string KeyId { get; }

    public string Hash(string normalized) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(hashKey, Encoding.UTF8.GetBytes(normalized)));

    public byte[] Encrypt(string plain)
    {
        var data = Encoding.UTF8.GetBytes(plain);
        var output = new byte[NonceSize + TagSize + data.Length];
        var nonce = output.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        aesGcm.Value!.Encrypt(nonce, data, output.AsSpan(NonceSize + TagSize), output.AsSpan(NonceSize, TagSize));
        return output;
    }

    public string Decrypt(byte[] cipher)
    {
        ArgumentNullException.ThrowIfNull(cipher);
        var plain = new byte[cipher.Length - NonceSize - TagSize];
        aesGcm.Value!.Decrypt(cipher.AsSpan(0, NonceSize), cipher.AsSpan(NonceSize + TagSize), cipher.AsSpan(NonceSize, TagSize), plain);
        return Encoding.UTF8.GetString(plain);
    }

    /// <summary>Protects a resident ID that has already been validated and normalized.</summary>
    public void Dispose()
    {
        foreach (var aes in aesGcm.Values)
        {
            aes.Dispose();
        }

        aesGcm.Dispose();
    }

    public ProtectedId ProtectId(string normalizedId) => new()
    {
        Hash = Hash(normalizedId),
        Cipher = Encrypt(normalizedId),
        Masked = ResidentId.Mask(normalizedId),
    };

    /// <summary>
    /// Loads the master key from configuration (base64) or from a key file, creating the file with a fresh
    /// random key on first run. Losing the file makes stored numbers unreadable: back it up with the database.
    /// </summary>
    public static byte[] LoadOrCreateKey(string? base64Key, string keyFile)
    {
        if (!string.IsNullOrWhiteSpace(base64Key))
        {
            return Convert.FromBase64String(base64Key);
        }

        if (File.Exists(keyFile))
        {
            return Convert.FromBase64String(File.ReadAllText(keyFile).Trim());
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(keyFile))!);
        var key = RandomNumberGenerator.GetBytes(32);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            // Created readable by the owner only, never briefly world-readable.
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            using var writer = new StreamWriter(keyFile, options);
            writer.Write(Convert.ToBase64String(key));
            return key;
        }
        catch (IOException) when (File.Exists(keyFile))
        {
            // Another process created it first: use its key, so both encrypt alike.
            return Convert.FromBase64String(File.ReadAllText(keyFile).Trim());
        }
    }
}
