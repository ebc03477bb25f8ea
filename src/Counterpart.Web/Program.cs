using Counterpart;
using Counterpart.Web;
using Counterpart.Web.Shell;
using Scalar.AspNetCore;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddCounterpart(builder.Configuration);
builder.Services.AddProblemDetails();
builder.Services.AddExceptionHandler<DomainExceptionHandler>();
builder.Services.AddOpenApi();
builder.Services.ConfigureApplicationCookie(AccountPages.ConfigureCookie);
builder.Services.AddAntiforgery();
builder.Services.AddWebHardening(builder.Configuration);
builder.Services.AddBackOffice();
// The data-protection key ring's next key, made days ahead by one node at a time (ADR 16).
builder.Services.AddHostedService<Counterpart.Nodes.KeyRingMaintenance>();
builder.AddOperations();

var app = builder.Build();
app.UseOperations();
app.UseExceptionHandler();
app.UseWebHardening();
app.UseRequestLocalization("zh-CN");
app.UseAuthentication();
app.UseAuthorization();
app.UseTwoFactorRequirement();
app.UseRateLimiter();
app.UseAntiforgery();
app.MapStaticAssets();

try
{
    await app.Services.InitializeDatabaseAsync(app.Configuration.GetValue("Counterpart:SeedReferenceData", true));
}
catch (Counterpart.Data.DomainException e)
{
    // A rule the operator must settle before the site can start (e.g. a personal-data key that is not the database's).
    Console.Error.WriteLine(e.Message);
    return 1;
}

app.MapOperations();
app.MapCounterpartApi().RequireRateLimiting(WebHardening.ApiPolicy);
app.MapOpenApi();
// The interactive API reference at /api/docs (OpenAPI document at /openapi/v1.json).
app.MapScalarApiReference("/api/docs");
app.MapAccountPages();
app.MapTwoFactorPages();
app.MapAuditPage();
app.MapBackOffice();
app.Run();
return 0;

/// <summary>Visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
