using Counterpart.Web.Components;

namespace Counterpart.Web.Shell;

/// <summary>The Blazor back office: interactive server components with AntDesign in zh-CN, behind the same sign-in as the API.</summary>
internal static class BackOffice
{
    public static IServiceCollection AddBackOffice(this IServiceCollection services)
    {
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddCascadingAuthenticationState();
        services.AddScoped<Microsoft.AspNetCore.Components.Authorization.AuthenticationStateProvider, CircuitRevalidation>();
        services.AddAntDesign();
        services.AddScoped<WorkSelection>();
        return services;
    }

    public static void MapBackOffice(this WebApplication app)
    {
        AntDesign.LocaleProvider.SetLocale("zh-CN");
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode().RequireAuthorization();
    }
}
