using RelayNovel.Web.Api;
using RelayNovel.Web.Components;
using RelayNovel.Web.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddRelayNovel();

var app = builder.Build();

if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/Error", createScopeForErrors: true);
}
app.UseRequestLocalization();
app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
app.UseMiddleware<ApiProblems>();
app.UseMiddleware<ApiRefusalGuard>();
app.UseAntiforgery();

app.MapStaticAssets();
app.MapRoomApi();
app.MapRazorComponents<App>()
    .AddInteractiveServerRenderMode();

app.Run();

public partial class Program;
