using Microsoft.Playwright;

namespace Counterpart.Tests.Browser;

/// <summary>Waiting for the Blazor circuit: a prerendered page shows its content before its buttons and inputs work.</summary>
public static class Interactive
{
    /// <summary>
    /// Opens <paramref name="path"/> and waits until the page runs interactively. The router's FocusOnNavigate moves the focus
    /// to the page's h1 only from the circuit (prerendering runs no script), so a focused h1 means the page now answers clicks.
    /// </summary>
    public static async Task GotoInteractiveAsync(this IPage page, string path)
    {
        ArgumentNullException.ThrowIfNull(page);
        await page.GotoAsync(path);
        await page.WaitForInteractiveAsync();
    }

    public static Task WaitForInteractiveAsync(this IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        return page.WaitForFunctionAsync("() => document.activeElement !== null && document.activeElement.tagName === 'H1'");
    }

    /// <summary>The path of the page's address, without the host.</summary>
    public static string PathOf(this IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        return new Uri(page.Url).AbsolutePath;
    }
}
