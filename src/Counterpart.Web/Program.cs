using Counterpart;
using Counterpart.Web;
using Scalar.AspNetCore;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddCounterpart(builder.Configuration);
builder.Services.AddProblemDetails();
builder.Services.AddExceptionHandler<DomainExceptionHandler>();
builder.Services.AddOpenApi();
builder.Services.ConfigureApplicationCookie(AccountPages.ConfigureCookie);
builder.Services.AddAntiforgery();

var app = builder.Build();
app.UseExceptionHandler();
app.UseRequestLocalization("zh-CN");
app.UseAuthentication();
app.UseAuthorization();
app.UseAntiforgery();

await app.Services.InitializeDatabaseAsync(app.Configuration.GetValue("Counterpart:SeedReferenceData", true));

app.MapGet("/health", () => Results.Ok(new { status = "ok" }));
app.MapCounterpartApi();
app.MapOpenApi();
app.MapScalarApiReference();
app.MapAccountPages();
app.MapLandingPage();
app.Run();

/// <summary>Visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
