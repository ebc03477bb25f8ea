using System.Data.Common;
using Counterpart.Data;
using Counterpart.People;
using Microsoft.EntityFrameworkCore;

namespace Counterpart.Operations;

/// <summary>Whether a node can serve: <see cref="Reason"/> says, in a few words, why not.</summary>
public sealed record ReadinessResult(bool Ready, string? Reason)
{
    public static ReadinessResult Yes { get; } = new(true, null);
}

/// <summary>
/// The readiness check behind <c>/health/ready</c> (what a load balancer asks before sending a node traffic): the
/// database answers, every migration this build knows is applied (a node of a newer build waits for the one that
/// migrates), and the personal-data key the node encrypts with is the one the database's numbers are under (a restore
/// or a key change under a running node is caught here). Three small queries; no personal data is read.
/// </summary>
public static class Readiness
{
    /// <summary>A database that does not answer within this is as good as down to a balancer.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public static async Task<ReadinessResult> CheckAsync(CounterpartDbContext db, PersonalDataProtector protector, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(protector);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(Timeout);
        try
        {
            if (!await db.Database.CanConnectAsync(limit.Token))
            {
                return new ReadinessResult(false, "database unreachable");
            }

            var pending = (await db.Database.GetPendingMigrationsAsync(limit.Token)).Count();
            if (pending > 0)
            {
                return new ReadinessResult(false, $"{pending} migration(s) not applied");
            }

            var stored = await PersonalDataKeys.StoredKeyIdAsync(db, limit.Token);
            if (stored is null)
            {
                return new ReadinessResult(false, "personal-data key not recorded in the database");
            }

            return stored == protector.KeyId ? ReadinessResult.Yes : new ReadinessResult(false, "personal-data key does not match the database");
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new ReadinessResult(false, "database timed out");
        }
        catch (DbException)
        {
            return new ReadinessResult(false, "database error");
        }
        catch (InvalidOperationException)
        {
            // EF wraps connection failures (and a broken model) in InvalidOperationException.
            return new ReadinessResult(false, "database error");
        }
    }
}
