namespace Counterpart.Web.Shell;

/// <summary>
/// A page's work in its own DI scope: a circuit lives for the whole visit, so a page never holds a DbContext across user
/// actions; each load or save gets a fresh one (and two overlapping actions never share one).
/// </summary>
internal static class Scopes
{
    public static async Task<T> RunAsync<TService, T>(this IServiceScopeFactory scopes, Func<TService, Task<T>> work) where TService : notnull
    {
        ArgumentNullException.ThrowIfNull(scopes);
        ArgumentNullException.ThrowIfNull(work);
        await using var scope = scopes.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<TService>());
    }
}
