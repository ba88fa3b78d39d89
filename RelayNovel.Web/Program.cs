using RelayNovel.Web.Api;
using RelayNovel.Web.Components;
using RelayNovel.Web.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddRelayNovel();

var app = builder.Build();

app.UseRelayNovelCluster();   // forwarded headers from the balancer, before anything reads the client's address
app.UseSecurityHeaders();

if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/Error", createScopeForErrors: true);
}
app.UseRequestLocalization();
app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
app.UseMiddleware<ApiProblems>();
app.UseRateLimiter();
app.UseMiddleware<ApiRefusalGuard>();
app.UseAntiforgery();

app.MapStaticAssets();
app.MapRoomApi();
app.MapOpenAiApi();
app.MapApiStreamsAndDocs();
app.MapOps();
app.MapImportApi();
app.MapForkApi();
app.MapRazorComponents<App>()
    .AddInteractiveServerRenderMode(o => o.ContentSecurityFrameAncestorsPolicy = null);   // the full policy comes from UseSecurityHeaders

app.Run();

public partial class Program;
