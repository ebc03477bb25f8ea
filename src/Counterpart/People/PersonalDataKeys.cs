using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Counterpart.Audit;
using Counterpart.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage;

namespace Counterpart.People;

/// <summary>Where the personal-data key comes from: configuration (base64), or else a key file.</summary>
public sealed record PersonalDataKeySource(string? ConfiguredKey, string KeyFile)
{
    /// <summary>The file a rotation writes the new key to before the data is re-encrypted.</summary>
    public string NextKeyFile => KeyFile + ".next";

    public byte[] Load() => PersonalDataProtector.LoadOrCreateKey(ConfiguredKey, KeyFile);
}

/// <summary>Which key the stored personal data is encrypted and hashed under (by its id, never the key itself).</summary>
public sealed class PersonalDataKeyState
{
    public int Id { get; set; }
    public required string KeyId { get; set; }
    public DateTime SinceUtc { get; set; }
}

internal sealed class PersonalDataKeyStateConfiguration : IEntityTypeConfiguration<PersonalDataKeyState>
{
    public void Configure(EntityTypeBuilder<PersonalDataKeyState> b)
    {
        b.Property(s => s.Id).ValueGeneratedNever();
        b.Property(s => s.KeyId).HasMaxLength(32);
    }
}

/// <summary>
/// The personal-data key's life: at every start the key in use is checked against the one the database records (a wrong
/// or lost key file stops the start with a clear message instead of writing numbers nobody can read or de-duplicate);
/// <see cref="RotateAsync"/> replaces it — every ID and phone number decrypted with the old key, encrypted and hashed
/// with a new one, in one transaction, including the phone numbers kept for undoing imports — and retires the old file.
/// </summary>
public static class PersonalDataKeys
{
    private const int Page = 2000;

    /// <summary>A short public id of a key (HMAC of a fixed label): tells keys apart without revealing them.</summary>
    public static string KeyId(byte[] masterKey) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(masterKey, "counterpart/personal-data/key-id"u8))[..16];

#pragma warning disable RS0030 // The key state and the personal columns are maintained only here.
    private static DbSet<PersonalDataKeyState> States(CounterpartDbContext db) => db.Set<PersonalDataKeyState>();

    private static DbSet<Ledgers.ImportChange> ImportChanges(CounterpartDbContext db) => db.Set<Ledgers.ImportChange>();
#pragma warning restore RS0030

    /// <summary>The id of the key the database's numbers are under, or null before the first start recorded one.</summary>
    public static async Task<string?> StoredKeyIdAsync(CounterpartDbContext db, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        return await States(db).AsNoTracking().Select(s => s.KeyId).SingleOrDefaultAsync(ct);
    }

    /// <summary>
    /// The id of the key this host would use, without creating a key file when there is none (null then): for the
    /// restore's check, which must not leave a fresh random key behind.
    /// </summary>
    public static string? ExistingKeyId(PersonalDataKeySource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (source.ConfiguredKey is not null)
        {
            return KeyId(Convert.FromBase64String(source.ConfiguredKey));
        }

        return File.Exists(source.KeyFile) ? KeyId(Convert.FromBase64String(File.ReadAllText(source.KeyFile).Trim())) : null;
    }

    /// <summary>
    /// At start, before anything is encrypted: records the key of a database that has none recorded; finishes a rotation
    /// whose data was committed but whose key file was not yet swapped; refuses a key that is not the database's.
    /// </summary>
    public static async Task CheckAsync(CounterpartDbContext db, PersonalDataKeySource source, TimeProvider clock, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(source);
        var stored = await States(db).AsNoTracking().SingleOrDefaultAsync(ct);
        var current = KeyId(source.Load());
        if (stored is null)
        {
            await new LedgerWriter(db).WriteAsync(WriteContext.System("system") with { AuditEachRow = false }, (d, _) =>
            {
                States(d).Add(new PersonalDataKeyState { Id = 1, KeyId = current, SinceUtc = clock.GetUtcNow().UtcDateTime });
                return Task.CompletedTask;
            }, ct);
            return;
        }

        if (source.ConfiguredKey is null && File.Exists(source.NextKeyFile))
        {
            var next = KeyId(Convert.FromBase64String((await File.ReadAllTextAsync(source.NextKeyFile, ct)).Trim()));
            if (next == stored.KeyId && current != stored.KeyId)
            {
                // The data was re-encrypted under the new key, the process stopped before swapping the files.
                SwapKeyFiles(source, clock);
                current = next;
            }
            else if (current == stored.KeyId)
            {
                // A rotation that stopped before its transaction committed: the data is still under the current key.
                File.Delete(source.NextKeyFile);
            }
        }

        if (current != stored.KeyId)
        {
            throw new DomainException(string.Create(CultureInfo.InvariantCulture,
                $"个人信息密钥与数据库不符：数据库中的身份证号、电话是用密钥 {stored.KeyId} 加密的，当前密钥是 {current}。"
                + $"请恢复正确的密钥文件（{source.KeyFile}）或配置项 Counterpart:PersonalDataKey；否则已存的号码无法解密，新导入的人员也无法与已有人员去重。"));
        }
    }

    /// <summary>
    /// Inside a write that encrypts or hashes personal numbers: the key this process holds must still be the database's. A
    /// web node left running through a rotation (rotate with every node stopped) keeps the old key in memory; this refuses
    /// its imports instead of storing numbers under a retired key, which nobody could read or de-duplicate. On PostgreSQL
    /// the key's row is locked for share until the write commits, so a rotation cannot commit in between. No recorded key
    /// (a database not yet started by a host) passes.
    /// </summary>
    public static async Task EnsureCurrentAsync(CounterpartDbContext db, PersonalDataProtector protector, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(protector);
        var rows = db.Database.IsNpgsql()
            ? States(db).FromSqlRaw("SELECT * FROM \"PersonalDataKeyStates\" FOR SHARE")
            : States(db);
        var stored = (await rows.AsNoTracking().ToListAsync(ct)).SingleOrDefault();
        if (stored is not null && stored.KeyId != protector.KeyId)
        {
            throw new DomainException(string.Create(CultureInfo.InvariantCulture,
                $"个人信息密钥已轮换：数据库现用密钥 {stored.KeyId}，本服务节点仍持有旧密钥 {protector.KeyId}。为免用旧密钥写入身份证号、电话，操作已拒绝；请换上新的密钥文件（或配置项 Counterpart:PersonalDataKey）后重启本节点。"));
        }
    }

    /// <summary>
    /// Replaces the key: writes the new key to the next-key file, re-encrypts and re-hashes every stored number in one
    /// transaction (recording the new key id and an audit entry), then retires the old key file. Run with the web
    /// application stopped. Returns the new key's id.
    /// </summary>
    public static async Task<string> RotateAsync(CounterpartDbContext db, PersonalDataKeySource source, string actor, TimeProvider clock, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(source);
        if (source.ConfiguredKey is not null)
        {
            throw new DomainException("个人信息密钥由配置项 Counterpart:PersonalDataKey 提供，无法在此轮换；请改用密钥文件（去掉该配置项），或在密钥管理系统中轮换后按部署文档重新加密。");
        }

        await CheckAsync(db, source, clock, ct);
        var oldKey = source.Load();
        var newKey = RandomNumberGenerator.GetBytes(32);
        WriteKeyFile(source.NextKeyFile, newKey);
        var newId = KeyId(newKey);
        using (var from = new PersonalDataProtector(oldKey))
        using (var to = new PersonalDataProtector(newKey))
        {
            await new LedgerWriter(db).WriteAsync(WriteContext.System(actor) with { AuditEachRow = false, From = "cli" }, async (d, c) =>
            {
                if (d.Database.IsNpgsql())
                {
                    // First, so that an import still running on a node (EnsureCurrentAsync holds the row for share) finishes
                    // before any number is re-encrypted, and later ones wait for this commit and then refuse the old key.
                    await States(d).FromSqlRaw("SELECT * FROM \"PersonalDataKeyStates\" FOR UPDATE").AsNoTracking().ToListAsync(c);
                }

                var persons = await ReencryptAsync(d, "Persons", hasPhone: true, from, to, c);
                var talents = await ReencryptAsync(d, "TalentPersons", hasPhone: false, from, to, c);
                var statements = await ReencryptAsync(d, "FlowStatements", hasPhone: false, from, to, c);
                var snapshots = await ReencryptSnapshotsAsync(d, from, to, c);
                // The data-protection keys are encrypted under the personal-data key (ADR 16): they go with it, so every
                // session and form token ends and the next start makes a new key ring under the new key.
                var sessionKeys = await d.Database.ExecuteSqlRawAsync("DELETE FROM \"DataProtectionKeys\"", c);
                var state = await States(d).SingleAsync(c);
                state.KeyId = newId;
                state.SinceUtc = clock.GetUtcNow().UtcDateTime;
                AuditTrail.Add(d, AuditAction.SettingChanged, nameof(PersonalDataKeyState), 1, string.Create(CultureInfo.InvariantCulture,
                    $"轮换个人信息密钥：{KeyId(oldKey)} → {newId}；重新加密 {persons} 名人员、{talents} 名人才、{statements} 条对账清单、{snapshots} 条导入撤销记录；作废 {sessionKeys} 个数据保护密钥（已登录的会话须重新登录）"));
                await d.SaveChangesAsync(c);
            }, ct);
        }

        SwapKeyFiles(source, clock);
        return newId;
    }

    /// <summary>Every row of a table with an ID number (and a phone), page by page: decrypted with the old key, encrypted and hashed with the new.</summary>
    private static async Task<int> ReencryptAsync(CounterpartDbContext db, string table, bool hasPhone, PersonalDataProtector from, PersonalDataProtector to, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction!.GetDbTransaction();
        var phone = hasPhone ? ", \"PhoneCipher\"" : "";
        var count = 0;
        long after = 0;
        while (true)
        {
            var page = new List<(long Id, byte[]? Id18, byte[]? Phone)>();
            await using (var read = connection.CreateCommand())
            {
                read.Transaction = transaction;
                read.CommandText = $"SELECT \"Id\", \"IdCipher\"{phone} FROM \"{table}\" WHERE \"Id\" > {after.ToString(CultureInfo.InvariantCulture)} ORDER BY \"Id\" LIMIT {Page}";
                await using var reader = await read.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    page.Add((reader.GetInt64(0), reader.IsDBNull(1) ? null : (byte[])reader[1], hasPhone && !reader.IsDBNull(2) ? (byte[])reader[2] : null));
                }
            }

            if (page.Count == 0)
            {
                return count;
            }

            await using (var write = connection.CreateCommand())
            {
                write.Transaction = transaction;
                write.CommandText = $"UPDATE \"{table}\" SET \"IdHash\" = @hash, \"IdCipher\" = @cipher{(hasPhone ? ", \"PhoneCipher\" = @phone" : "")} WHERE \"Id\" = @id";
                var hash = Parameter(write, "@hash");
                var cipher = Parameter(write, "@cipher");
                var phoneCipher = hasPhone ? Parameter(write, "@phone") : null;
                var id = Parameter(write, "@id");
                foreach (var row in page)
                {
                    var number = row.Id18 is null ? null : from.Decrypt(row.Id18);
                    hash.Value = number is null ? DBNull.Value : to.Hash(number);
                    cipher.Value = number is null ? DBNull.Value : to.Encrypt(number);
                    if (phoneCipher is not null)
                    {
                        phoneCipher.Value = row.Phone is null ? DBNull.Value : to.Encrypt(from.Decrypt(row.Phone));
                    }

                    id.Value = row.Id;
                    await write.ExecuteNonQueryAsync(ct);
                }
            }

            count += page.Count;
            after = page[^1].Id;
        }
    }

    /// <summary>The phone numbers kept in the before-images of persons updated by imports (so that an undo restores a readable number).</summary>
    private static async Task<int> ReencryptSnapshotsAsync(CounterpartDbContext db, PersonalDataProtector from, PersonalDataProtector to, CancellationToken ct)
    {
        var changes = await ImportChanges(db).Where(c => c.EntityType == nameof(Labor.Person) && c.Before != null && c.Before.Contains("PhoneCipher"))
            .ToListAsync(ct);
        var count = 0;
        foreach (var change in changes)
        {
            var before = JsonNode.Parse(change.Before!)!.AsObject();
            if (before["PhoneCipher"] is JsonValue value && value.TryGetValue<string>(out var base64))
            {
                before["PhoneCipher"] = Convert.ToBase64String(to.Encrypt(from.Decrypt(Convert.FromBase64String(base64))));
                change.Before = before.ToJsonString(JsonSerializerOptions.Default);
                count++;
            }
        }

        return count;
    }

    private static DbParameter Parameter(DbCommand command, string name)
    {
        var p = command.CreateParameter();
        p.ParameterName = name;
        command.Parameters.Add(p);
        return p;
    }

    private static void WriteKeyFile(string path, byte[] key)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var writer = new StreamWriter(path, Encoding.ASCII, options);
        writer.Write(Convert.ToBase64String(key));
        writer.Flush();
        ((FileStream)writer.BaseStream).Flush(flushToDisk: true);
    }

    /// <summary>The old key file becomes a dated retired file (to be destroyed once backups made with it have expired); the next one takes its place.</summary>
    private static void SwapKeyFiles(PersonalDataKeySource source, TimeProvider clock)
    {
        var retired = source.KeyFile + ".retired-" + clock.GetUtcNow().ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
        File.Move(source.KeyFile, retired);
        File.Move(source.NextKeyFile, source.KeyFile);
    }
}
