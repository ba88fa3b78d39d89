using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.Localization;
using MudBlazor.Services;
using RelayNovel.Web.Api;
using RelayNovel.Web.Rooms;

namespace RelayNovel.Web.Hosting;

/// <summary>Everything the app registers, so Program.cs reads as a table of contents.</summary>
public static class RelayNovelServices
{
    public static readonly string[] Cultures = ["ko", "en"];

    public static WebApplicationBuilder AddRelayNovel(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddRoomCore(builder.Configuration);
        builder.AddRoomSilo();
        services.AddStoryStore(builder.Configuration);
        services.AddRoomGrains();
        services.AddRelayNovelApi();

        services.AddMudServices();
        services.AddLocalization();
        services.Configure<RequestLocalizationOptions>(o =>
        {
            o.SetDefaultCulture(Cultures[0]).AddSupportedCultures(Cultures).AddSupportedUICultures(Cultures);
            // Korean unless the user picked English (cookie or ?culture=): the browser's language doesn't override it.
            o.RequestCultureProviders = [new QueryStringRequestCultureProvider(), new CookieRequestCultureProvider()];
        });
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddScoped<CircuitRoomPresence>();   // one per circuit, and its CircuitHandler (the same instance)
        services.AddScoped<CircuitHandler>(sp => sp.GetRequiredService<CircuitRoomPresence>());

        services.AddRelayNovelOps(builder.Configuration);
        services.AddProblemDetails();
        services.AddSingleton<IProblemDetailsWriter, RelayNovel.Web.Api.ProblemJsonFallbackWriter>();   // after the default writer
        services.ConfigureHttpJsonOptions(o =>
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase)));
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);   // bad JSON reaches the API's problem writer
        builder.AddRelayNovelCluster();   // last: in a cluster it replaces single-process services registered above
        return builder;
    }
}
