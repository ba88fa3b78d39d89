using System.Globalization;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MudBlazor.Services;
using RelayNovel.Tests.Infrastructure;
using RelayNovel.Web.Hosting;

namespace RelayNovel.Tests.Components;

/// <summary>
/// bUnit contexts with the services the app registers for its components, rendering as an interactive circuit.
/// Used with <c>await using</c>: MudBlazor's services only dispose asynchronously.
/// </summary>
public static class UiTestContext
{
    /// <summary>A context whose room services are the real ones of <paramref name="app"/> (temp LiteDB, no fakes).</summary>
    public static BunitContext Create(RelayNovelAppFactory app) => Create(services =>
    {
        services.AddSingleton(app.Rooms);
        services.AddSingleton(app.Broadcaster);
        services.AddSingleton(app.Services.GetRequiredService<RelayNovel.Web.Api.InviteLinks>());
        services.AddSingleton(app.Services.GetRequiredService<CircuitActivity>());
        services.AddScoped<CircuitRoomPresence>();
    });

    public static BunitContext Create(Action<IServiceCollection>? addServices = null)
    {
        // Korean is the UI's default (neutral) language; pin it so assertions don't depend on the machine's locale.
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("ko");
        var ctx = new BunitContext();
        ctx.Services.AddMudServices();
        ctx.Services.AddLocalization();
        // The home page's writes draw from the per-client write budget; a test context has no client address (unlimited)
        // unless a test registers an IHttpContextAccessor holding one.
        ctx.Services.AddOptions<RelayNovelOptions>();
        ctx.Services.AddSingleton<ClientWriteLimiter>();
        ctx.Services.AddScoped<CircuitClientAddress>();
        addServices?.Invoke(ctx.Services);
        ctx.Services.TryAddSingleton<IHttpContextAccessor, HttpContextAccessor>();
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        ctx.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        return ctx;
    }
}
