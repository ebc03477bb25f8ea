using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Counterpart.Data;
using Counterpart.People;
using Microsoft.EntityFrameworkCore;

namespace Counterpart.Bench.National;

/// <summary>
/// A digest of what the generator wrote, table by table, to show that a seed gives the same data: every column of every
/// row in id order, with encrypted columns decrypted (AES-GCM takes a random nonce, so the ciphertext differs between
/// runs while the plain values, the keyed hashes and the masks do not). Indicator facts are compared by their key
/// (their ids follow the order of upserts).
/// </summary>
internal static class NationalDigest
{
    private static readonly string[] Tables =
    [
        "Organizations", "Pairings", "Persons", "Employments", "Projects", "ProjectFunds", "Sales", "Donations", "TrainingSessions", "TalentPersons",
        "TalentAssignments", "GuidedInvestments", "InvestmentInflows", "Agreements", "AgreementTargets", "EvaluationRounds", "Findings", "RectificationTasks",
    ];

    public static async Task<SortedDictionary<string, string>> ComputeAsync(CounterpartDbContext db, PersonalDataProtector protector, CancellationToken ct = default)
    {
        var digests = new SortedDictionary<string, string>(StringComparer.Ordinal);
        await db.Database.OpenConnectionAsync(ct);
        foreach (var table in Tables)
        {
            digests[table] = await TableAsync(db, protector, $"SELECT * FROM \"{table}\" ORDER BY \"Id\"", ct);
        }

        var key = string.Join(", ", Indicators.Facts.FactMaintainer.KeyColumns.Select(c => $"\"{c}\""));
        digests["IndicatorFacts"] = await TableAsync(db, protector, $"SELECT {key}, \"Count\", \"Value\" FROM \"IndicatorFacts\" ORDER BY {key}", ct);
        return digests;
    }

    private static async Task<string> TableAsync(CounterpartDbContext db, PersonalDataProtector protector, string sql, CancellationToken ct)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync(ct);
        long rows = 0;
        var line = new StringBuilder();
        while (await reader.ReadAsync(ct))
        {
            line.Clear();
            for (var c = 0; c < reader.FieldCount; c++)
            {
                var value = reader.GetValue(c);
                line.Append(reader.GetName(c)).Append('=').Append(value switch
                {
                    DBNull => "null",
                    byte[] cipher => "dec:" + protector.Decrypt(cipher),
                    IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                    _ => value.ToString(),
                }).Append('|');
            }

            hash.AppendData(Encoding.UTF8.GetBytes(line.Append('\n').ToString()));
            rows++;
        }

        return rows.ToString(CultureInfo.InvariantCulture) + ":" + Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
